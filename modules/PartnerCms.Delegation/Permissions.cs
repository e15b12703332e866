using PartnerCms.Core.Security;

namespace PartnerCms.Delegation;

public static class DelegationPermissionNames
{
    public const string ViewPartnerRelationships = "Delegation.ViewPartnerRelationships";
}

public sealed class Permissions : IPermissionProvider
{
    public static readonly Permission ViewPartnerRelationships = new(DelegationPermissionNames.ViewPartnerRelationships, "See the organization's partners and what they may do", "Account portal");

    public IEnumerable<Permission> GetPermissions() => [ViewPartnerRelationships];

    public IEnumerable<PermissionStereotype> GetDefaultStereotypes() =>
    [
        new(OrganizationRoles.CustomerGlobalAdministrator, [ViewPartnerRelationships]),
    ];
}
