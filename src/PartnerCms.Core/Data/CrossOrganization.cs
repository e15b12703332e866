using Microsoft.EntityFrameworkCore;

namespace PartnerCms.Core.Data;

/// <summary>
/// The one place the organization filter may be lifted for a single query. Every organization-owned entity
/// (<see cref="Organizations.IOrganizationScoped"/>, <see cref="Organizations.IPartnerCustomerScoped"/>, organizations
/// themselves) carries the named filter <see cref="FilterName"/>; a module that must read across organizations — a
/// customer lookup by exact name, the platform-wide uniqueness of user names and domains, an anonymous offer link —
/// says so here, with the reason, and nothing else calls <c>IgnoreQueryFilters</c> (a test checks the sources).
/// </summary>
public static class CrossOrganization
{
    /// <summary>The name of the organization query filter.</summary>
    public const string FilterName = "Organization";

    private static readonly string[] Filters = [FilterName];

    /// <summary>
    /// This query reads the rows of one named organization, whichever is current: a service given the organization it
    /// works for (the customer accepting an offer, the partner whose offer a visitor opened). The caller has checked it may.
    /// </summary>
    public static IQueryable<T> ForOrganization<T>(this IQueryable<T> source, string organizationId) where T : class, Organizations.IOrganizationScoped
    {
        ArgumentException.ThrowIfNullOrEmpty(organizationId);
        return source.IgnoreQueryFilters(Filters).Where(e => e.OrganizationId == organizationId);
    }

    /// <summary>This query reads every organization's rows. <paramref name="reason"/> says why, for the reader of the code.</summary>
    public static IQueryable<T> AcrossOrganizations<T>(this IQueryable<T> source, string reason) where T : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return source.IgnoreQueryFilters(Filters);
    }
}
