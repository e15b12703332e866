using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using PartnerCms.Core.Security;

namespace PartnerCms.Core.Navigation;

/// <summary>Builds the menu a given user may see from every enabled module's entries.</summary>
public sealed class NavigationService(IEnumerable<INavigationProvider> providers, IAuthorizationService authorization)
{
    /// <summary>The order groups appear in; unknown groups follow in alphabetical order.</summary>
    public static readonly IReadOnlyList<string> GroupOrder = ["Home", "Partner", "Customers", "Account portal", "Account", "Administration"];

    /// <summary>The entry to highlight for <paramref name="path"/>: the one whose URL (or covered path) matches it longest.</summary>
    public static NavigationItem? Current(IEnumerable<NavigationGroup> menu, string path) =>
        menu.SelectMany(g => g.Items)
            .Select(item => (item, length: MatchLength(item, path)))
            .Where(x => x.length > 0)
            .OrderByDescending(x => x.length)
            .Select(x => x.item)
            .FirstOrDefault();

    private static int MatchLength(NavigationItem item, string path)
    {
        static bool Under(string path, string prefix) =>
            path.Equals(prefix.TrimEnd('/'), StringComparison.OrdinalIgnoreCase) || path.StartsWith(prefix.TrimEnd('/') + "/", StringComparison.OrdinalIgnoreCase);

        var own = path.Equals(item.Url, StringComparison.OrdinalIgnoreCase) || (!item.ExactOnly && Under(path, item.Url)) ? item.Url.Length : 0;
        var covered = item.Covers.Where(c => Under(path, c)).Select(c => c.Length).DefaultIfEmpty(0).Max();
        return Math.Max(own, covered);
    }

    public async Task<IReadOnlyList<NavigationGroup>> GetMenuAsync(ClaimsPrincipal user)
    {
        var visible = new List<NavigationItem>();
        var decided = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var item in providers.SelectMany(p => p.GetItems()))
        {
            if (item.Permission is null)
            {
                visible.Add(item);
                continue;
            }

            if (!decided.TryGetValue(item.Permission.Name, out var allowed))
            {
                decided[item.Permission.Name] = allowed = await authorization.HasPermissionAsync(user, item.Permission);
            }

            if (allowed)
            {
                visible.Add(item);
            }
        }

        return visible
            .GroupBy(i => i.Group, StringComparer.Ordinal)
            .OrderBy(g => GroupOrder.IndexOf(g.Key) is var i && i >= 0 ? i : int.MaxValue)
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new NavigationGroup(g.Key, g.OrderBy(i => i.Position).ThenBy(i => i.Text, StringComparer.Ordinal).ToList()))
            .ToList();
    }
}

internal static class ListExtensions
{
    public static int IndexOf<T>(this IReadOnlyList<T> list, T value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (EqualityComparer<T>.Default.Equals(list[i], value))
            {
                return i;
            }
        }

        return -1;
    }
}
