using PartnerCms.Core.Security;

namespace PartnerCms.Delegation;

public static class DelegationPermissionNames
{
    public const string ViewPartnerRelationships = "Delegation.ViewPartnerRelationships";
    public const string ManagePartnerRelationships = "Delegation.ManagePartnerRelationships";
}

public sealed class Permissions : IPermissionProvider
{
    public static readonly Permission ViewPartnerRelationships = new(DelegationPermissionNames.ViewPartnerRelationships, "See the organization's partners and what they may do", "Account portal");

    public static readonly Permission ManagePartnerRelationships = new(DelegationPermissionNames.ManagePartnerRelationships, "Remove partners as delegated administrators", "Account portal");

    public IEnumerable<Permission> GetPermissions() => [ViewPartnerRelationships, ManagePartnerRelationships];

    public IEnumerable<PermissionStereotype> GetDefaultStereotypes() =>
    [
        new(OrganizationRoles.CustomerGlobalAdministrator, [ViewPartnerRelationships, ManagePartnerRelationships]),
    ];
}
