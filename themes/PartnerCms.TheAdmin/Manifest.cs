using PartnerCms.Core.Modules;

namespace PartnerCms.TheAdmin;

public sealed class Manifest : ModuleManifest
{
    public override string Id => "PartnerCms.TheAdmin";

    public override string Name => "Admin theme";

    public override string Description => "The layout every portal page renders in (Razor): top bar, navigation that folds behind Menu on phones, stylesheets for screen and print.";

    public override string Category => "Theme";

    public override IReadOnlyList<string> Dependencies => [];

    public override Type StartupType => typeof(Startup);
}
