using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Security;

namespace PartnerCms.Core.Extensions;

/// <summary>
/// A link one module puts into a place another module's page offers for it (an extension point), shown only to users
/// who hold <see cref="Permission"/>: the lookup result's actions, the Partner Overview's entries. The page that renders
/// the point knows nothing of the modules that fill it; switching a module off removes its links.
/// </summary>
public sealed record UiLink(string Key, string Text, string Url, int Position, Permission? Permission = null, string? Description = null);

/// <summary>A module's links for one extension point; <c>context</c> carries the page's values (e.g. the customer).</summary>
public interface IUiLinkProvider
{
    string ExtensionPoint { get; }

    IEnumerable<UiLink> GetLinks(IReadOnlyDictionary<string, string?> context);
}

/// <summary>The extension points the framework's modules render, and the context values each one hands its providers.</summary>
public static class ExtensionPoints
{
    /// <summary>Actions on a customer found by lookup. Context: customerId, countryOrRegion, delegated ("true"/"false").</summary>
    public const string LookupResultActions = "customers.lookup-result.actions";

    /// <summary>Entries of the Partner Overview page (title, description, link).</summary>
    public const string PartnerOverviewEntries = "customers.partner-overview.entries";

    /// <summary>Sections of an organization's account portal overview (title, description, link). Context: organizationId, kind.</summary>
    public const string AccountPortalSections = "directory.account-portal.sections";

    /// <summary>Cards on the dashboard every signed-in user lands on (title, description, link).</summary>
    public const string DashboardCards = "admin.dashboard.cards";
}

public sealed class UiExtensionService(IEnumerable<IUiLinkProvider> providers, IAuthorizationService authorization)
{
    public async Task<IReadOnlyList<UiLink>> LinksAsync(string extensionPoint, ClaimsPrincipal user, IReadOnlyDictionary<string, string?>? context = null)
    {
        var links = new List<UiLink>();
        foreach (var link in providers.Where(p => p.ExtensionPoint == extensionPoint).SelectMany(p => p.GetLinks(context ?? new Dictionary<string, string?>(StringComparer.Ordinal))))
        {
            if (link.Permission is null || await authorization.HasPermissionAsync(user, link.Permission))
            {
                links.Add(link);
            }
        }

        return links.OrderBy(l => l.Position).ThenBy(l => l.Text, StringComparer.Ordinal).ToList();
    }
}

public static class UiExtensionServiceCollectionExtensions
{
    public static IServiceCollection AddUiLinks<TProvider>(this IServiceCollection services) where TProvider : class, IUiLinkProvider =>
        services.AddSingleton<IUiLinkProvider, TProvider>();
}
