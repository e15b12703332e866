using PartnerCms.Core.Modules;

namespace PartnerCms.Admin;

public sealed class Manifest : ModuleManifest
{
    public override string Id => "PartnerCms.Admin";

    public override string Name => "Admin";

    public override string Description => "The admin home page and the list of installed modules.";

    public override string Category => "Infrastructure";

    public override IReadOnlyList<string> Dependencies => ["PartnerCms.Accounts"];

    public override Type StartupType => typeof(Startup);
}
