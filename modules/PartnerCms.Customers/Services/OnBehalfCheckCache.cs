using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Caching;
using PartnerCms.Customers.Models;
using PartnerCms.Delegation.Models;

namespace PartnerCms.Customers.Services;

/// <summary>
/// The on-behalf checks that held, kept per node so that a busy session does not read its session, relationship, access
/// and teams on every request (R21 "at once" kept): each is kept with the partner's version stamp read before the
/// database was, and used only while a fresh read of the stamp (per request; from Redis with several nodes) returns the
/// same value. Every change the check depends on — the relationship (ended, roles removed, end date), the partner's
/// teams, members and assignments, a user's delegated access, a session ended — changes the partner's stamp after it
/// commits (<see cref="Rules"/>). A kept check also expires when its session's last-seen time needs writing (30 s),
/// when the session would be idle, and at the relationship's end date.
/// </summary>
public sealed class OnBehalfCheckCache(VersionStamps stamps)
{
    /// <summary>The longest a kept check is used: the session's last-seen time is written at this pace (idle timeout).</summary>
    public static readonly TimeSpan LastSeenPace = TimeSpan.FromSeconds(30);

    private const int MaxEntries = 20_000;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>A check that held: a copy of the session (never a tracked entity) with what the request needs.</summary>
    public sealed record Entry(OnBehalfSession Session, string? PartnerName, string? CustomerName, IReadOnlyList<string> Roles, long Stamp, DateTime UntilUtc);

    /// <summary>The stamp of everything a partner's on-behalf checks depend on.</summary>
    public static string StampKey(string partnerOrganizationId) => "on-behalf:" + partnerOrganizationId;

    /// <summary>The stamp now, or null when it cannot be known (then nothing cached is used or kept).</summary>
    public ValueTask<long?> StampAsync(string partnerOrganizationId) => stamps.ReadAsync(StampKey(partnerOrganizationId));

    /// <summary>The kept check of the session, when it is the user's, still in time and its stamp unchanged.</summary>
    public Entry? Find(string sessionId, string userId, string partnerOrganizationId, long stamp, DateTime nowUtc) =>
        _entries.TryGetValue(sessionId, out var entry)
        && entry.Stamp == stamp
        && nowUtc < entry.UntilUtc
        && string.Equals(entry.Session.UserId, userId, StringComparison.Ordinal)
        && string.Equals(entry.Session.PartnerOrganizationId, partnerOrganizationId, StringComparison.Ordinal)
            ? entry
            : null;

    public void Keep(Entry entry)
    {
        if (_entries.Count >= MaxEntries)
        {
            // Sessions are few per node; a flood of ids is not kept (each entry expires within 30 s anyway).
            foreach (var old in _entries.Where(e => e.Value.UntilUtc <= entry.UntilUtc - LastSeenPace).Take(MaxEntries / 2).ToList())
            {
                _entries.TryRemove(old.Key, out _);
            }

            if (_entries.Count >= MaxEntries)
            {
                return;
            }
        }

        _entries[entry.Session.Id] = entry;
    }

    public void Forget(string sessionId) => _entries.TryRemove(sessionId, out _);

    private static bool Changed(EntityEntry entry, params string[] properties) =>
        entry.State is EntityState.Added or EntityState.Deleted
        || properties.Any(p => !Equals(entry.Property(p).OriginalValue, entry.Property(p).CurrentValue));

    private static IEnumerable<string> Keys(EntityEntry entry, string organizationProperty, params string[] properties)
    {
        if ((entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted) && Changed(entry, [organizationProperty, .. properties]))
        {
            var property = entry.Property(organizationProperty);
            foreach (var id in new[] { property.CurrentValue as string, property.OriginalValue as string }.Distinct(StringComparer.Ordinal))
            {
                if (!string.IsNullOrEmpty(id))
                {
                    yield return StampKey(id);
                }
            }
        }
    }

    /// <summary>What changes a partner's stamp: every change R21 says ends or narrows an open session at its next request.</summary>
    public static IEnumerable<StampOnSave> Rules =>
    [
        new(typeof(DelegatedRelationshipIndex), e => Keys(e, nameof(DelegatedRelationshipIndex.PartnerOrganizationId),
            nameof(DelegatedRelationshipIndex.CustomerOrganizationId), nameof(DelegatedRelationshipIndex.Active), nameof(DelegatedRelationshipIndex.EndsUtc), nameof(DelegatedRelationshipIndex.ApprovedRoles))),
        new(typeof(PartnerTeam), e => Keys(e, nameof(PartnerTeam.OrganizationId), nameof(PartnerTeam.Name))),
        new(typeof(PartnerTeamMember), e => Keys(e, nameof(PartnerTeamMember.OrganizationId), nameof(PartnerTeamMember.TeamId), nameof(PartnerTeamMember.UserId))),
        new(typeof(PartnerTeamAssignment), e => Keys(e, nameof(PartnerTeamAssignment.OrganizationId),
            nameof(PartnerTeamAssignment.TeamId), nameof(PartnerTeamAssignment.CustomerOrganizationId), nameof(PartnerTeamAssignment.Role))),
        // A new user has no session; a deleted one, or one whose delegated access changed, ends theirs.
        new(typeof(PartnerCmsUser), e => e.State == EntityState.Added ? [] : Keys(e, nameof(PartnerCmsUser.OrganizationId), nameof(PartnerCmsUser.DelegatedAccess))),
        // A session ended (or removed) anywhere; its last-seen time written every 30 s changes nothing.
        new(typeof(OnBehalfSession), e => e.State == EntityState.Added ? [] : Keys(e, nameof(OnBehalfSession.PartnerOrganizationId),
            nameof(OnBehalfSession.EndedUtc), nameof(OnBehalfSession.UserId), nameof(OnBehalfSession.Level), nameof(OnBehalfSession.Roles))),
    ];
}
