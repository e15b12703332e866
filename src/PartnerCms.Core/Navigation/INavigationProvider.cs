using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using PartnerCms.Core.Security;

namespace PartnerCms.Core.Navigation;

/// <summary>A module's menu entries (its AdminMenu.cs).</summary>
public interface INavigationProvider
{
    IEnumerable<NavigationItem> GetItems();
}
