using PartnerCms.Core.Navigation;

namespace PartnerCms.Branding;

public sealed class AdminMenu : INavigationProvider
{
    public IEnumerable<NavigationItem> GetItems() =>
    [
        new("Partner", "Landing page branding", "/partner/branding", 35, Permissions.ManageBranding),
        new("Administration", "Themes", "/admin/themes", 40, Permissions.ManageThemes),
    ];
}
