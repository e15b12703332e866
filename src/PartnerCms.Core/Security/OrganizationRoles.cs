using PartnerCms.Core.Organizations;

namespace PartnerCms.Core.Security;

/// <summary>A role a user holds within their own organization.</summary>
public sealed record OrganizationRole(string Name, OrganizationKind Kind, string DisplayName, string Description);

/// <summary>
/// The built-in organization-scoped roles (modules add theirs through <see cref="IRoleProvider"/>; read the site's roles
/// from <see cref="RoleCatalog"/>). A user belongs to exactly one organization, so a role name is always read against
/// that organization: "Partner:Sales" never reaches another partner's data.
/// </summary>
public static class OrganizationRoles
{
    public const string PlatformOperator = "Platform:Operator";
    public const string PartnerGlobalAdministrator = "Partner:GlobalAdministrator";
    public const string PartnerMarketing = "Partner:Marketing";
    public const string PartnerSales = "Partner:Sales";
    public const string PartnerSupport = "Partner:Support";
    public const string CustomerGlobalAdministrator = "Customer:GlobalAdministrator";
    public const string CustomerPasswordAdministrator = "Customer:PasswordAdministrator";
    public const string CustomerUserAdministrator = "Customer:UserAdministrator";

    public static IReadOnlyList<OrganizationRole> All { get; } =
    [
        new(PlatformOperator, OrganizationKind.Platform, "Platform operator", "Runs the site: catalog, partner organizations, themes, recipes."),
        new(PartnerGlobalAdministrator, OrganizationKind.Partner, "Global administrator", "Edits the company information, offices, users and workflows."),
        new(PartnerMarketing, OrganizationKind.Partner, "Marketing", "Edits offer message templates and landing-page branding."),
        new(PartnerSales, OrganizationKind.Partner, "Sales", "Finds customers and sends trial invitations and offers."),
        new(PartnerSupport, OrganizationKind.Partner, "Support", "Finds customers and follows the partner's service requests; administers customers with the delegated access they are given."),
        new(CustomerGlobalAdministrator, OrganizationKind.Customer, "Global administrator", "Administers the organization, accepts offers and partner relationships."),
        new(CustomerPasswordAdministrator, OrganizationKind.Customer, "Password administrator", "Resets passwords of users who are not administrators."),
        new(CustomerUserAdministrator, OrganizationKind.Customer, "User administrator", "Adds and edits users."),
    ];

    /// <summary>
    /// Not assignable: a partner user with delegated access holds one of these as a role claim, so modules can grant
    /// partner-portal permissions to delegated administrators who have no partner role (R16).
    /// </summary>
    public const string DelegatedFullAdministration = "Partner:DelegatedFull";

    public const string DelegatedLimitedAdministration = "Partner:DelegatedLimited";

    /// <summary>
    /// Not assignable: a partner user in at least one of the partner's teams (delegated administration by roles) holds it,
    /// so they may use the partner portal as a user with delegated access may (R16). What they may do in each customer is
    /// decided per customer by the roles the customer approved and their teams' assignments.
    /// </summary>
    public const string DelegatedTeamMember = "Partner:DelegatedTeam";

    /// <summary>
    /// Not assignable: every user of a partner organization holds it as a role claim, whatever else they hold, so that
    /// what every partner user may do (R1: view the company information) needs no role.
    /// </summary>
    public const string PartnerUser = "Partner:User";

}
