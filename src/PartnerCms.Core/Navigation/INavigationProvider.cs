
namespace PartnerCms.Core.Navigation;

/// <summary>A module's menu entries (its AdminMenu.cs).</summary>
public interface INavigationProvider
{
    IEnumerable<NavigationItem> GetItems();
}
