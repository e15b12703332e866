using PartnerCms.Core.Navigation;

namespace PartnerCms.Partners;

public sealed class AdminMenu : INavigationProvider
{
    public IEnumerable<NavigationItem> GetItems() =>
    [
        new("Partner", "Company information", "/partner/company", 0, Permissions.ViewCompanyInformation),
        new("Partner", "Offices", "/partner/offices", 10, Permissions.ViewOffices),
    ];
}
