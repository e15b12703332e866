using PartnerCms.Core.Navigation;

namespace PartnerCms.Delegation;

public sealed class AdminMenu : INavigationProvider
{
    public IEnumerable<NavigationItem> GetItems() =>
    [
        new("Account portal", "Partner relationships", "/portal/partners", 50, Permissions.ViewPartnerRelationships),
        new("Partner", "My customers", "/partner/customers", 15, Permissions.ViewCustomers) { ExactOnly = true },
        new("Partner", "Teams", "/partner/teams", 85, Permissions.ManageTeams),
    ];
}
