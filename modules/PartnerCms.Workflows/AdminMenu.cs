using PartnerCms.Core.Navigation;

namespace PartnerCms.Workflows;

public sealed class AdminMenu : INavigationProvider
{
    public IEnumerable<NavigationItem> GetItems() => [new("Partner", "Workflows", "/partner/workflows", 80, Permissions.ManageWorkflows)];
}
