using PartnerCms.Core.Navigation;

namespace PartnerCms.Templates;

public sealed class AdminMenu : INavigationProvider
{
    public IEnumerable<NavigationItem> GetItems() =>
    [
        new("Partner", "Message templates", "/partner/templates", 20, Permissions.ManageMessageTemplates),
    ];
}
