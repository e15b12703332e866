using PartnerCms.Core.Navigation;

namespace PartnerCms.Audit;

public sealed class AdminMenu : INavigationProvider
{
    public IEnumerable<NavigationItem> GetItems() =>
    [
        new("Partner", "Audit trail", "/partner/audit", 90, Permissions.ViewPartnerAudit),
        new("Account portal", "Audit trail", "/portal/audit", 90, Permissions.ViewOwnAudit),
    ];
}
