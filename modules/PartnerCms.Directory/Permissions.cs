using PartnerCms.Core.Security;

namespace PartnerCms.Directory;

public static class DirectoryPermissionNames
{
    public const string AccessAccountPortal = "Directory.AccessAccountPortal";
    public const string ManageUsers = "Directory.ManageUsers";
    public const string ResetPasswords = "Directory.ResetPasswords";
    public const string ManageDomains = "Directory.ManageDomains";
    public const string ManageSubscriptions = "Directory.ManageSubscriptions";
    public const string PurchaseSubscriptions = "Directory.PurchaseSubscriptions";
}

/// <summary>
/// The account portal, the same for every organization, for its own administrators. Global administrators may do
/// everything; user administrators manage users; password administrators reset passwords of non-administrators.
/// </summary>
public sealed class Permissions : IPermissionProvider
{
    private const string Category = "Account portal";

    public static readonly Permission AccessAccountPortal = new(DirectoryPermissionNames.AccessAccountPortal, "Open the organization's account portal", Category);
    public static readonly Permission ManageUsers = new(DirectoryPermissionNames.ManageUsers, "Add and edit the organization's users", Category);
    public static readonly Permission ResetPasswords = new(DirectoryPermissionNames.ResetPasswords, "Reset the passwords of the organization's users", Category);
    public static readonly Permission ManageDomains = new(DirectoryPermissionNames.ManageDomains, "Add, remove and choose the primary domain (Domain area)", Category);
    public static readonly Permission ManageSubscriptions = new(DirectoryPermissionNames.ManageSubscriptions, "Change licence counts and cancel subscriptions (Manage area)", Category);
    public static readonly Permission PurchaseSubscriptions = new(DirectoryPermissionNames.PurchaseSubscriptions, "Buy subscriptions from the catalog (Purchase area)", Category);

    private static readonly Permission[] GlobalAdministrator = [AccessAccountPortal, ManageUsers, ResetPasswords, ManageDomains, ManageSubscriptions, PurchaseSubscriptions];

    public IEnumerable<Permission> GetPermissions() => GlobalAdministrator;

    public IEnumerable<PermissionStereotype> GetDefaultStereotypes() =>
    [
        new(OrganizationRoles.CustomerGlobalAdministrator, GlobalAdministrator),
        new(OrganizationRoles.PartnerGlobalAdministrator, GlobalAdministrator),
        new(OrganizationRoles.CustomerUserAdministrator, [AccessAccountPortal, ManageUsers, ResetPasswords]),
        new(OrganizationRoles.CustomerPasswordAdministrator, [AccessAccountPortal, ResetPasswords]),
        // Inside an "Administer on behalf of" session: each delegated role the partner user holds in the customer.
        new(DelegatedRoles.Find(DelegatedRoles.GlobalAdministrator)!.OnBehalfRole, GlobalAdministrator),
        new(DelegatedRoles.Find(DelegatedRoles.UsersAdministrator)!.OnBehalfRole, [AccessAccountPortal, ManageUsers, ResetPasswords]),
        new(DelegatedRoles.Find(DelegatedRoles.PasswordAdministrator)!.OnBehalfRole, [AccessAccountPortal, ResetPasswords]),
        new(DelegatedRoles.Find(DelegatedRoles.DomainAdministrator)!.OnBehalfRole, [AccessAccountPortal, ManageDomains]),
        new(DelegatedRoles.Find(DelegatedRoles.SubscriptionAdministrator)!.OnBehalfRole, [AccessAccountPortal, ManageSubscriptions, PurchaseSubscriptions]),
        new(DelegatedRoles.Find(DelegatedRoles.ReportsReader)!.OnBehalfRole, [AccessAccountPortal]),
    ];
}
