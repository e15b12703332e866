using PartnerCms.Core.Modules;

namespace PartnerCms.Partners;

public sealed class Manifest : ModuleManifest
{
    public override string Id => "PartnerCms.Partners";

    public override string Name => "Partner profile";

    public override string Description => "The partner's company information and offices.";

    public override string Category => "Partner";

    public override IReadOnlyList<string> Dependencies => ["PartnerCms.Admin"];

    public override Type StartupType => typeof(Startup);
}
