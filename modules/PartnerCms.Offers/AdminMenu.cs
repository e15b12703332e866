using PartnerCms.Core.Navigation;

namespace PartnerCms.Offers;

public sealed class AdminMenu : INavigationProvider
{
    public const string TrialUrl = "/partner/offers/new/trial";
    public const string PurchaseUrl = "/partner/offers/new/purchase";
    public const string DashboardUrl = "/partner/commerce";

    public IEnumerable<NavigationItem> GetItems() =>
    [
        new("Partner", "Send trial invitations", TrialUrl, 10, Permissions.CreateOffers),
        new("Partner", "Create purchase offers", PurchaseUrl, 20, Permissions.CreateOffers),
        new("Partner", "Commerce dashboard", DashboardUrl, 30, Permissions.ViewCommerceDashboard) { Covers = ["/partner/offers"] },
        new("Partner", "Headline experiments", "/partner/experiments", 37, Permissions.ManageExperiments),
    ];
}
