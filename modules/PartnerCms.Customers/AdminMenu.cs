using PartnerCms.Core.Navigation;

namespace PartnerCms.Customers;

public sealed class AdminMenu : INavigationProvider
{
    public IEnumerable<NavigationItem> GetItems() =>
    [
        new("Partner", "Partner Overview", "/partner", -10, Permissions.LookupCustomers) { ExactOnly = true },
        new("Customers", "Lookup user or domain", "/partner/lookup", 0, Permissions.LookupCustomers) { Covers = ["/partner/customers"] },
        new("Customers", "Service requests", "/partner/service-requests", 10, Permissions.ViewPartnerServiceRequests),
        new("Account portal", "Service requests", "/portal/service-requests", 60, Permissions.ViewOwnServiceRequests),
    ];
}
