using PartnerCms.Core.Navigation;

namespace PartnerCms.Media;

public sealed class AdminMenu : INavigationProvider
{
    public IEnumerable<NavigationItem> GetItems() =>
    [
        new("Partner", "Media library", "/partner/media", 36, Permissions.ManageMedia),
        new("Administration", "Media quotas", "/admin/media", 45, Permissions.ManageQuotas),
    ];
}
