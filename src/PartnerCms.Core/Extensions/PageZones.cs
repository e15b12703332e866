using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace PartnerCms.Core.Extensions;

/// <summary>
/// Places in the admin theme's layout that modules fill with a view component of their own (a banner above the page, a
/// line at the head of the navigation). The theme renders each zone's components in order and knows nothing of them; a
/// component that has nothing to show for the request renders nothing.
/// </summary>
public static class PageZones
{
    /// <summary>Full width, between the top bar and the page (e.g. "administering a customer").</summary>
    public const string Banner = "admin.banner";

    /// <summary>The head of the main navigation (e.g. the name of the customer being administered).</summary>
    public const string NavigationHeader = "admin.navigation-header";
}

/// <summary>One module's view component in one zone.</summary>
public sealed record ZoneComponent(string Zone, Type ViewComponent, int Position);

/// <summary>The view components of each zone, in position order.</summary>
public sealed class PageZoneRegistry(IEnumerable<ZoneComponent> components)
{
    private readonly ZoneComponent[] _components = [.. components.OrderBy(c => c.Position)];

    public IEnumerable<Type> In(string zone) => _components.Where(c => string.Equals(c.Zone, zone, StringComparison.Ordinal)).Select(c => c.ViewComponent);
}

public static class PageZoneServiceCollectionExtensions
{
    /// <summary>Renders <typeparamref name="TViewComponent"/> in <paramref name="zone"/> of every admin page.</summary>
    public static IServiceCollection AddZoneComponent<TViewComponent>(this IServiceCollection services, string zone, int position = 0) where TViewComponent : ViewComponent
    {
        services.AddSingleton(new ZoneComponent(zone, typeof(TViewComponent), position));
        return services;
    }
}
