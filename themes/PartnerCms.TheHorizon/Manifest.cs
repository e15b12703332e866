using PartnerCms.Core.Modules;

namespace PartnerCms.TheHorizon;

public sealed class Manifest : ModuleManifest
{
    public override string Id => "PartnerCms.TheHorizon";

    public override string Name => "Horizon landing theme";

    public override string Description => "A bright landing theme with a centred hero; builds on the landing theme and replaces only its header and styles.";

    public override string Category => "Theme";

    public override IReadOnlyList<string> Dependencies => ["PartnerCms.TheLanding"];

    public override Type StartupType => typeof(Startup);
}
