using PartnerCms.Core.Modules;

namespace PartnerCms.Offers;

public sealed class Manifest : ModuleManifest
{
    public override string Id => "PartnerCms.Offers";

    public override string Name => "Trial invitations and purchase offers";

    public override string Description => "Offers with Quote IDs and signed links that identify the partner as subscription advisor.";

    public override string Category => "Commerce";

    public override IReadOnlyList<string> Dependencies => ["PartnerCms.Accounts", "PartnerCms.Partners", "PartnerCms.Catalog", "PartnerCms.Templates", "PartnerCms.Directory", "PartnerCms.Delegation", "PartnerCms.TheLanding"];

    public override IReadOnlyList<string> OptionalDependencies => ["PartnerCms.Workflows", "PartnerCms.Mail", "PartnerCms.Api"];

    public override Type StartupType => typeof(Startup);
}
