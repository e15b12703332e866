using PartnerCms.Core.Modules;

namespace PartnerCms.Delegation;

public sealed class Manifest : ModuleManifest
{
    public override string Id => "PartnerCms.Delegation";

    public override string Name => "Delegated administration";

    public override string Description => "Delegated relationships between partners and customers, and the customer's list of partners.";

    public override string Category => "Partner";

    public override IReadOnlyList<string> Dependencies => ["PartnerCms.Partners", "PartnerCms.Mail"];

    public override IReadOnlyList<string> OptionalDependencies => ["PartnerCms.Workflows", "PartnerCms.Api"];

    public override Type StartupType => typeof(Startup);
}
