using PartnerCms.Core.Navigation;

namespace PartnerCms.Admin;

public sealed class AdminMenu : INavigationProvider
{
    public IEnumerable<NavigationItem> GetItems() =>
    [
        new("Home", "Dashboard", "/admin", 0) { ExactOnly = true },
        new("Account", "Change password", "/account/change-password", 90),
        new("Administration", "Modules", "/admin/modules", 10, Permissions.ViewModules),
        new("Administration", "Events", "/admin/events", 20, Permissions.ManageEvents),
        new("Administration", "Cultures", "/admin/cultures", 30, Permissions.ManageCultures),
    ];
}
