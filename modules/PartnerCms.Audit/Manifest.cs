using PartnerCms.Core.Modules;

namespace PartnerCms.Audit;

public sealed class Manifest : ModuleManifest
{
    public override string Id => "PartnerCms.Audit";

    public override string Name => "Audit trail";

    public override string Description => "An append-only, hash-chained record of what partners do for customers, of relationship changes and of delegated access; viewers for the partner and the customer.";

    public override string Category => "Partner";

    public override IReadOnlyList<string> OptionalDependencies => ["PartnerCms.Delegation", "PartnerCms.Api"];

    public override Type StartupType => typeof(Startup);
}
