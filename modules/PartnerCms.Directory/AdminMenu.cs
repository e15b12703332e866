using PartnerCms.Core.Navigation;

namespace PartnerCms.Directory;

public sealed class AdminMenu : INavigationProvider
{
    public const string Group = "Account portal";

    public IEnumerable<NavigationItem> GetItems() =>
    [
        new(Group, "Overview", "/portal", 0, Permissions.AccessAccountPortal),
        new(Group, "Users", "/portal/users", 10, Permissions.ResetPasswords),
        new(Group, "Domains", "/portal/domains", 20, Permissions.ManageDomains),
        new(Group, "Manage subscriptions", "/portal/subscriptions/manage", 30, Permissions.ManageSubscriptions),
        new(Group, "Purchase", "/portal/subscriptions/purchase", 40, Permissions.PurchaseSubscriptions),
    ];
}
