using PartnerCms.Core.Modules;

namespace PartnerCms.Customers;

public sealed class Manifest : ModuleManifest
{
    public override string Id => "PartnerCms.Customers";

    public override string Name => "Find and help customers";

    public override string Description => "The Partner Overview page, Lookup user or domain, and the actions on a customer: administrators, password reset, service requests.";

    public override string Category => "Partner";

    public override IReadOnlyList<string> Dependencies => ["PartnerCms.Directory", "PartnerCms.Delegation"];

    public override IReadOnlyList<string> OptionalDependencies => ["PartnerCms.Workflows", "PartnerCms.Api"];

    public override Type StartupType => typeof(Startup);
}
