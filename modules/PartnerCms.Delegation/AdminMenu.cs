using PartnerCms.Core.Navigation;

namespace PartnerCms.Delegation;

public sealed class AdminMenu : INavigationProvider
{
    public IEnumerable<NavigationItem> GetItems() =>
    [
        new("Account portal", "Partner relationships", "/portal/partners", 50, Permissions.ViewPartnerRelationships),
    ];
}
