using PartnerCms.Core.Security;

namespace PartnerCms.Offers;

public static class OffersPermissionNames
{
    public const string CreateOffers = "Offers.Create";
    public const string ViewCommerceDashboard = "Offers.ViewCommerceDashboard";
    public const string ManageExperiments = "Offers.ManageExperiments";
}

/// <summary>
/// R8–R11, R16. Sales staff, partner global administrators and users with delegated access (R16) create and withdraw
/// offers; marketing staff also follow them on the commerce dashboard.
/// </summary>
public sealed class Permissions : IPermissionProvider
{
    private const string Category = "Offers";

    public static readonly Permission CreateOffers = new(OffersPermissionNames.CreateOffers, "Create, send and withdraw trial invitations and purchase offers", Category);
    public static readonly Permission ViewCommerceDashboard = new(OffersPermissionNames.ViewCommerceDashboard, "Follow offers on the commerce dashboard", Category);

    public static readonly Permission ManageExperiments = new(OffersPermissionNames.ManageExperiments, "Start, stop and decide headline experiments on the landing pages", Category);

    public IEnumerable<Permission> GetPermissions() => [CreateOffers, ViewCommerceDashboard, ManageExperiments];

    public IEnumerable<PermissionStereotype> GetDefaultStereotypes() =>
    [
        new(OrganizationRoles.PartnerGlobalAdministrator, [CreateOffers, ViewCommerceDashboard, ManageExperiments]),
        new(OrganizationRoles.PartnerSales, [CreateOffers, ViewCommerceDashboard]),
        new(OrganizationRoles.PartnerMarketing, [ViewCommerceDashboard, ManageExperiments]),
        new(OrganizationRoles.DelegatedFullAdministration, [CreateOffers, ViewCommerceDashboard]),
        new(OrganizationRoles.DelegatedLimitedAdministration, [CreateOffers, ViewCommerceDashboard]),
        new(OrganizationRoles.DelegatedTeamMember, [CreateOffers, ViewCommerceDashboard]),
    ];
}
