using PartnerCms.Core.Security;

namespace PartnerCms.Delegation;

public static class DelegationPermissionNames
{
    public const string ViewPartnerRelationships = "Delegation.ViewPartnerRelationships";
    public const string ManagePartnerRelationships = "Delegation.ManagePartnerRelationships";
    public const string ViewCustomers = "Delegation.ViewCustomers";
    public const string ManageCustomers = "Delegation.ManageCustomers";
    public const string ManageTeams = "Delegation.ManageTeams";
}

public sealed class Permissions : IPermissionProvider
{
    public static readonly Permission ViewPartnerRelationships = new(DelegationPermissionNames.ViewPartnerRelationships, "See the organization's partners and what they may do", "Account portal");

    public static readonly Permission ManagePartnerRelationships = new(DelegationPermissionNames.ManagePartnerRelationships, "Remove partners as delegated administrators", "Account portal");

    public static readonly Permission ViewCustomers = new(DelegationPermissionNames.ViewCustomers, "See My customers: every customer with a delegated relationship, its roles, teams and end date", "Partner");

    public static readonly Permission ManageCustomers = new(DelegationPermissionNames.ManageCustomers, "Renew relationships and tag customers on My customers", "Partner");

    public static readonly Permission ManageTeams = new(DelegationPermissionNames.ManageTeams, "Make teams of the partner's users and assign them the roles customers approved", "Partner");

    public IEnumerable<Permission> GetPermissions() => [ViewPartnerRelationships, ManagePartnerRelationships, ViewCustomers, ManageCustomers, ManageTeams];

    public IEnumerable<PermissionStereotype> GetDefaultStereotypes() =>
    [
        new(OrganizationRoles.CustomerGlobalAdministrator, [ViewPartnerRelationships, ManagePartnerRelationships]),
        new(OrganizationRoles.PartnerGlobalAdministrator, [ViewCustomers, ManageCustomers, ManageTeams]),
        new(OrganizationRoles.PartnerSales, [ViewCustomers]),
        new(OrganizationRoles.PartnerSupport, [ViewCustomers]),
        new(OrganizationRoles.DelegatedFullAdministration, [ViewCustomers]),
        new(OrganizationRoles.DelegatedLimitedAdministration, [ViewCustomers]),
        new(OrganizationRoles.DelegatedTeamMember, [ViewCustomers]),
    ];
}
