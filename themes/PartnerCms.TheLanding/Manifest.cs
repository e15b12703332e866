using PartnerCms.Core.Modules;

namespace PartnerCms.TheLanding;

public sealed class Manifest : ModuleManifest
{
    public override string Id => "PartnerCms.TheLanding";

    public override string Name => "Landing theme";

    public override string Description => "The partner's landing page: a Liquid layout around offer and sign-up pages.";

    public override string Category => "Theme";

    public override IReadOnlyList<string> Dependencies => [];

    public override Type StartupType => typeof(Startup);
}
