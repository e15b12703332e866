using PartnerCms.Core.Caching;

namespace PartnerCms.Core.Organizations;

/// <summary>
/// Organization names for the admin layout's top bar, kept per node for five minutes and forgotten on every node as
/// soon as an organization is saved (<see cref="SavedEntityInvalidation"/> through <see cref="ClusterInvalidation"/>):
/// a page no longer reads its organization's row to show its name.
/// </summary>
public sealed class OrganizationNameCache(ClusterInvalidation invalidation, TimeProvider clock)
    : ClusterCachedValues<string?>(invalidation, clock, Topic, TimeSpan.FromMinutes(5))
{
    public const string Topic = "organization";

    /// <summary>Forgets an organization's name on every node when it is saved.</summary>
    public static readonly InvalidateOnSave Rule = new(typeof(Organization), Topic, entity => ((Organization)entity).Id);
}
