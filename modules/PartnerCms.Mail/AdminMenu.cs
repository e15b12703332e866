using PartnerCms.Core.Navigation;

namespace PartnerCms.Mail;

public sealed class AdminMenu : INavigationProvider
{
    public IEnumerable<NavigationItem> GetItems() => [new("Administration", "Outgoing mail", "/admin/mail", 30, Permissions.ManageMail)];
}
