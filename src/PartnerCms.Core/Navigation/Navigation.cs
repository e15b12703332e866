using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using PartnerCms.Core.Security;

namespace PartnerCms.Core.Navigation;

/// <summary>One entry in the admin navigation; shown only to users who hold <see cref="Permission"/>.</summary>
public sealed record NavigationItem(string Group, string Text, string Url, int Position, Permission? Permission = null)
{
    /// <summary>The entry is current only on its own URL, not on the pages below it (a section's start page).</summary>
    public bool ExactOnly { get; init; }

    /// <summary>Other paths (prefixes) this entry stands for, e.g. the commerce dashboard for the offer pages.</summary>
    public IReadOnlyList<string> Covers { get; init; } = [];
}

/// <summary>A module's menu entries (its AdminMenu.cs).</summary>
public interface INavigationProvider
{
    IEnumerable<NavigationItem> GetItems();
}

public sealed record NavigationGroup(string Name, IReadOnlyList<NavigationItem> Items);

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

/// <summary>An item of the admin top bar beside the user's name (e.g. "Notifications" with an unread count).</summary>
public sealed record TopbarItem(string Text, string Url, int? Badge, string TestId);

/// <summary>A module's item for the top bar, per request (null: nothing for this user).</summary>
public interface ITopbarItemProvider
{
    Task<TopbarItem?> GetAsync(System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken);
}

/// <summary>The top bar's items from every module that contributes one.</summary>
public sealed class TopbarItems(IEnumerable<ITopbarItemProvider> providers)
{
    public async Task<IReadOnlyList<TopbarItem>> ForAsync(System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var items = new List<TopbarItem>();
        foreach (var provider in providers)
        {
            if (await provider.GetAsync(user, cancellationToken) is { } item)
            {
                items.Add(item);
            }
        }

        return items;
    }
}

/// <summary>Something a user should act on, shown at the top of the dashboard (e.g. a partner's broken landing layout).</summary>
public sealed record DashboardNotice(string Text, string Url, string LinkText, string TestId);

/// <summary>A module's notice for the dashboard, per request (null: nothing for this user).</summary>
public interface IDashboardNoticeProvider
{
    Task<DashboardNotice?> GetAsync(System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken);
}
