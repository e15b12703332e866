using PartnerCms.Core.Navigation;

namespace PartnerCms.Api;

public sealed class AdminMenu : INavigationProvider
{
    public IEnumerable<NavigationItem> GetItems() =>
    [
        new("Account portal", "API clients", "/portal/api-clients", 80, Permissions.ManageClients),
        new("Account portal", "Webhooks", "/portal/webhooks", 81, Permissions.ManageWebhooks),
        new("Administration", "API", "/admin/api", 60, Permissions.Operate),
    ];
}
