using PartnerCms.Core.Modules;

namespace PartnerCms.Directory;

public sealed class Manifest : ModuleManifest
{
    public override string Id => "PartnerCms.Directory";

    public override string Name => "Directory and account portal";

    public override string Description => "Every organization's users, domains and subscriptions, administered in its account portal.";

    public override string Category => "Organizations";

    public override IReadOnlyList<string> Dependencies => ["PartnerCms.Admin", "PartnerCms.Catalog"];

    public override IReadOnlyList<string> OptionalDependencies => ["PartnerCms.Workflows", "PartnerCms.Api"];

    public override Type StartupType => typeof(Startup);
}
