using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Content;
using PartnerCms.Core.Data;
using PartnerCms.Core.Events;
using PartnerCms.Core.Organizations;
using PartnerCms.Delegation.Models;
using PartnerCms.Partners.Models;
using PartnerCms.Partners.Services;

namespace PartnerCms.Delegation.Services;

/// <summary>One of a customer's partner relationships as the customer's portal shows it.</summary>
public sealed record PartnerRelationship(
    Organization Partner, CompanyInformation? Contact, RelationshipStatus Status, DateTime? OfferedUtc, DateTime? AcceptedUtc, string? AcceptedBy,
    DateTime? EndsUtc, DateTime? RemovedUtc, string? RemovedBy, string? OfferPath = null)
{
    public bool IsActive => Status == RelationshipStatus.Active;
}

/// <summary>A partner that is a customer's delegated administrator now (see <see cref="DelegatedRelationshipService.ActiveAt"/>).</summary>
public sealed class ActiveRelationship
{
    public string PartnerOrganizationId { get; init; } = string.Empty;

    public string CustomerOrganizationId { get; init; } = string.Empty;
}

/// <summary>
/// Who is whose delegated administrator, and the relationship's life: offered, active (until removed by the customer or
/// its end date), removed, expired, declined. Only an active relationship before its end date grants anything, and
/// every check reads the database, so a removal or an expiry takes effect at the next request.
/// </summary>
public sealed class DelegatedRelationshipService(PartnerCmsDbContext db, ContentManager contentManager, PartnerProfiles partnerProfiles, EventOutbox events, ICurrentOrganization currentOrganization, TimeProvider clock) : IDelegatedAdministrators, IPartnerCustomers
{
    private const string Between = "a relationship joins a partner and a customer; every query names both or one of them";
    private const string CustomersSeePartners = "a customer sees the name and contact details of its partners";

    /// <summary>How long before its end date a time-bound relationship raises <see cref="DelegatedAdministrationExpiring"/>.</summary>
    public static readonly TimeSpan ExpiringNotice = TimeSpan.FromDays(14);

    /// <summary>A not-active relationship's last word, for the partner's lookup: offered, or declined by whom and when; null otherwise.</summary>
    public async Task<(RelationshipStatus Status, string? By, DateTime? When)?> PendingOrDeclinedAsync(string partnerOrganizationId, string customerOrganizationId, CancellationToken cancellationToken = default)
    {
        var id = await FindIdAsync(partnerOrganizationId, customerOrganizationId, cancellationToken);
        if (id is null)
        {
            return null;
        }

        var part = (await GetFromAnyOrganizationAsync(id, cancellationToken)).Get<DelegatedRelationshipPart>();
        return part.Status switch
        {
            RelationshipStatus.Declined => (part.Status, part.RemovedBy, part.RemovedUtc),
            RelationshipStatus.Offered => (part.Status, null, part.OfferedUtc),
            _ => null,
        };
    }

    /// <summary>A customer whose delegated administrator the partner is counts as its customer.</summary>
    public Task<bool> IsCustomerAsync(string partnerOrganizationId, string customerOrganizationId, CancellationToken cancellationToken = default) =>
        IsDelegatedAdministratorAsync(partnerOrganizationId, customerOrganizationId, cancellationToken);

    public Task<bool> IsDelegatedAdministratorAsync(string partnerOrganizationId, string customerOrganizationId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.Set<DelegatedRelationshipIndex>().AcrossOrganizations(Between).AnyAsync(
            i => i.PartnerOrganizationId == partnerOrganizationId && i.CustomerOrganizationId == customerOrganizationId && i.Active
                && (i.EndsUtc == null || i.EndsUtc > now),
            cancellationToken);
    }

    /// <summary>
    /// The pairs that are active at <paramref name="nowUtc"/>, as a query other modules compose into their own (one round
    /// trip for a check that also reads their rows, e.g. an on-behalf session's), without reading this module's tables.
    /// </summary>
    public IQueryable<ActiveRelationship> ActiveAt(DateTime nowUtc) =>
        db.Set<DelegatedRelationshipIndex>().AcrossOrganizations(Between)
            .Where(i => i.Active && (i.EndsUtc == null || i.EndsUtc > nowUtc))
            .Select(i => new ActiveRelationship { PartnerOrganizationId = i.PartnerOrganizationId, CustomerOrganizationId = i.CustomerOrganizationId });

    /// <summary>The customer's partner relationships, active ones first, then offered, then past ones, with how to reach each partner.</summary>
    public async Task<IReadOnlyList<PartnerRelationship>> PartnersOfAsync(string customerOrganizationId, CancellationToken cancellationToken = default)
    {
        var ids = await db.Set<DelegatedRelationshipIndex>().AcrossOrganizations(Between).AsNoTracking()
            .Where(i => i.CustomerOrganizationId == customerOrganizationId)
            .Select(i => i.ContentItemId)
            .ToListAsync(cancellationToken);
        var items = await contentManager.GetManyAsync(ids, VersionOptions.Latest, cancellationToken);
        var parts = items.Select(i => i.Get<DelegatedRelationshipPart>()).ToList();
        var partnerIds = parts.Select(p => p.PartnerOrganizationId).ToList();
        var partners = await db.Organizations.AcrossOrganizations(CustomersSeePartners).AsNoTracking().Where(o => partnerIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, StringComparer.Ordinal, cancellationToken);
        var contacts = await partnerProfiles.CompanyInformationOfAsync(partnerIds, CustomersSeePartners, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        return parts.Where(p => partners.ContainsKey(p.PartnerOrganizationId))
            .Select(p => new PartnerRelationship(
                partners[p.PartnerOrganizationId], contacts.GetValueOrDefault(p.PartnerOrganizationId), EffectiveStatus(p, now),
                p.OfferedUtc, p.Status is RelationshipStatus.Offered or RelationshipStatus.Declined ? null : p.AcceptedUtc, p.AcceptedBy, p.EndsUtc, p.RemovedUtc, p.RemovedBy,
                p.Status == RelationshipStatus.Offered ? p.OfferPath : null))
            .OrderBy(r => r.Status switch { RelationshipStatus.Active => 0, RelationshipStatus.Offered => 1, _ => 2 })
            .ThenBy(r => r.Partner.Name, StringComparer.CurrentCulture)
            .ToList();
    }

    /// <summary>Active past its end date reads as Expired even before the expiry job has run.</summary>
    public static RelationshipStatus EffectiveStatus(DelegatedRelationshipPart part, DateTime nowUtc) =>
        part.Status == RelationshipStatus.Active && part.EndsUtc is { } ends && ends <= nowUtc ? RelationshipStatus.Expired : part.Status;

    /// <summary>
    /// Makes the partner a delegated administrator of the customer (R15). Idempotent: an active relationship stays as it
    /// is; a removed, expired or declined one becomes active again. Runs inside the caller's transaction when there is
    /// one (an offer's acceptance), and of concurrent grants for one pair exactly one row results.
    /// </summary>
    public async Task GrantAsync(string partnerOrganizationId, string customerOrganizationId, string acceptedBy, string? acceptedThrough = null, DateTime? endsUtc = null, CancellationToken cancellationToken = default)
    {
        var change = new RelationshipChange(acceptedBy, clock.GetUtcNow().UtcDateTime, acceptedThrough, EndsUtc: endsUtc);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                await ChangeAsync(partnerOrganizationId, customerOrganizationId, RelationshipTrigger.Accept, change,
                    c => events.Raise(new DelegatedAdministrationAccepted(partnerOrganizationId, customerOrganizationId, acceptedBy, acceptedThrough, endsUtc), c), cancellationToken);
                return;
            }
            catch (DbUpdateException ex) when (ex.IsUniqueViolation<DelegatedRelationshipIndex>(db, nameof(DelegatedRelationshipIndex.PartnerOrganizationId), nameof(DelegatedRelationshipIndex.CustomerOrganizationId)))
            {
                // Another request made the relationship at the same moment (EF rolled back to its savepoint): use it.
                DetachUnsaved();
            }
        }

        throw new InvalidOperationException($"The relationship of {partnerOrganizationId} and {customerOrganizationId} could not be saved.");
    }

    /// <summary>
    /// A partner offers delegated administration to a named customer (R14): the customer's Partner relationships page
    /// lists it as offered, with the offer's link, until the customer accepts or declines it or the partner withdraws it.
    /// An active relationship is left as it is (false). Runs inside the caller's transaction (the offer's creation).
    /// </summary>
    public Task<bool> OfferAsync(string partnerOrganizationId, string customerOrganizationId, string offeredBy, string quoteId, string offerPath, DateTime? endsUtc, CancellationToken cancellationToken = default) =>
        ChangeAsync(partnerOrganizationId, customerOrganizationId, RelationshipTrigger.Offer, new RelationshipChange(offeredBy, clock.GetUtcNow().UtcDateTime, quoteId, offerPath, endsUtc),
            c => events.Raise(new DelegatedAdministrationOffered(partnerOrganizationId, customerOrganizationId, quoteId, offeredBy, endsUtc), c), cancellationToken);

    /// <summary>The partner withdrew the offer with this Quote ID: a relationship still offered through it is withdrawn.</summary>
    public Task WithdrawOfferAsync(string partnerOrganizationId, string customerOrganizationId, string quoteId, string withdrawnBy, CancellationToken cancellationToken = default) =>
        ChangeAsync(partnerOrganizationId, customerOrganizationId, RelationshipTrigger.Withdraw, new RelationshipChange(withdrawnBy, clock.GetUtcNow().UtcDateTime, quoteId),
            raise: null, cancellationToken, onlyIf: part => part.OfferedThrough == quoteId);

    /// <summary>
    /// The customer's global administrator declines a delegated-administration offer: recorded as a declined relationship
    /// (shown under past relationships). An active relationship is left as it is (false).
    /// </summary>
    public Task<bool> DeclineAsync(string partnerOrganizationId, string customerOrganizationId, string declinedBy, string? declinedThrough, CancellationToken cancellationToken = default) =>
        ChangeAsync(partnerOrganizationId, customerOrganizationId, RelationshipTrigger.Decline, new RelationshipChange(declinedBy, clock.GetUtcNow().UtcDateTime, declinedThrough),
            c => events.Raise(new DelegatedAdministrationDeclined(partnerOrganizationId, customerOrganizationId, declinedBy, declinedThrough), c), cancellationToken);

    /// <summary>
    /// The customer removes a partner (R15): from the next request on the partner's users can do nothing for the
    /// customer. False when there is no active relationship to remove.
    /// </summary>
    public Task<bool> RemoveAsync(string customerOrganizationId, string partnerOrganizationId, string removedBy, CancellationToken cancellationToken = default) =>
        ChangeAsync(partnerOrganizationId, customerOrganizationId, RelationshipTrigger.Remove, new RelationshipChange(removedBy, clock.GetUtcNow().UtcDateTime),
            c => events.Raise(new DelegatedAdministrationRemoved(partnerOrganizationId, customerOrganizationId, removedBy), c), cancellationToken);

    /// <summary>
    /// Moves the pair's relationship by <paramref name="trigger"/> as <see cref="RelationshipLifecycle"/> allows (making it
    /// when there is none and the change may start one), raising <paramref name="raise"/> with the change. False, and
    /// nothing changed, when the lifecycle does not allow it from the relationship's state (or <paramref name="onlyIf"/> says no).
    /// </summary>
    private async Task<bool> ChangeAsync(
        string partnerOrganizationId, string customerOrganizationId, RelationshipTrigger trigger, RelationshipChange change, Action<string>? raise, CancellationToken cancellationToken,
        Func<DelegatedRelationshipPart, bool>? onlyIf = null)
    {
        var correlation = Correlation(partnerOrganizationId, customerOrganizationId);
        var id = await FindIdAsync(partnerOrganizationId, customerOrganizationId, cancellationToken);
        if (id is null)
        {
            if (!RelationshipLifecycle.Allows(null, trigger))
            {
                return false;
            }

            var item = contentManager.New(DelegatedRelationshipPart.ContentType);
            item.OrganizationId = customerOrganizationId;
            item.Author = change.By;
            var part = new DelegatedRelationshipPart { PartnerOrganizationId = partnerOrganizationId, CustomerOrganizationId = customerOrganizationId };
            RelationshipLifecycle.Apply(part, trigger, change, isNew: true);
            item.Apply(part);
            raise?.Invoke(correlation);

            await contentManager.CreateAsync(item, publish: true, cancellationToken);
            return true;
        }

        var current = await GetFromAnyOrganizationAsync(id, cancellationToken);
        var existing = current.Get<DelegatedRelationshipPart>();
        if (!RelationshipLifecycle.Allows(existing.Status, trigger, RelationshipLifecycle.PastEnd(existing, change.AtUtc)) || onlyIf?.Invoke(existing) == false)
        {
            return false;
        }

        current.Author = change.By;
        current.Alter<DelegatedRelationshipPart>(p => RelationshipLifecycle.Apply(p, trigger, change));
        raise?.Invoke(correlation);

        await UpdateAsync(current, cancellationToken);
        return true;
    }

    /// <summary>
    /// The expiry job's work: active relationships past their end date become Expired (raising
    /// <see cref="DelegatedAdministrationExpired"/>), and those ending within <see cref="ExpiringNotice"/> raise
    /// <see cref="DelegatedAdministrationExpiring"/> once. Returns how many expired.
    /// </summary>
    public async Task<int> ExpireDueAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var soon = now + ExpiringNotice;
        var ids = await db.Set<DelegatedRelationshipIndex>().AcrossOrganizations(Between).AsNoTracking()
            .Where(i => i.Active && i.EndsUtc != null && i.EndsUtc <= soon)
            .OrderBy(i => i.EndsUtc).Select(i => i.ContentItemId).Take(500).ToListAsync(cancellationToken);
        var expired = 0;
        foreach (var id in ids)
        {
            var item = await GetFromAnyOrganizationAsync(id, cancellationToken);
            var part = item.Get<DelegatedRelationshipPart>();
            var correlation = Correlation(part.PartnerOrganizationId, part.CustomerOrganizationId);
            if (part.EndsUtc <= now)
            {
                item.Author = "system:expiry";
                item.Alter<DelegatedRelationshipPart>(p => RelationshipLifecycle.Apply(p, RelationshipTrigger.Expire, new RelationshipChange("system:expiry", now)));
                events.Raise(new DelegatedAdministrationExpired(part.PartnerOrganizationId, part.CustomerOrganizationId, part.EndsUtc!.Value), correlation);
                await UpdateAsync(item, cancellationToken);
                expired++;
            }
            else if (!part.ExpiringAnnounced)
            {
                item.Author = "system:expiry";
                item.Alter<DelegatedRelationshipPart>(p => p.ExpiringAnnounced = true);
                events.Raise(new DelegatedAdministrationExpiring(part.PartnerOrganizationId, part.CustomerOrganizationId, part.EndsUtc!.Value), correlation);
                await UpdateAsync(item, cancellationToken);
            }
        }

        return expired;
    }

    public async Task<bool> ExistsAsync(string partnerOrganizationId, string customerOrganizationId, CancellationToken cancellationToken = default) =>
        await FindIdAsync(partnerOrganizationId, customerOrganizationId, cancellationToken) is not null;

    private Task<string?> FindIdAsync(string partnerOrganizationId, string customerOrganizationId, CancellationToken cancellationToken) =>
        db.Set<DelegatedRelationshipIndex>().AcrossOrganizations(Between).AsNoTracking()
            .Where(i => i.PartnerOrganizationId == partnerOrganizationId && i.CustomerOrganizationId == customerOrganizationId)
            .Select(i => i.ContentItemId)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Saves a change to the relationship, which belongs to the customer, whoever makes it: the customer (accept, decline,
    /// remove), the partner (offer, withdraw) or the expiry job. Each caller checked that it may.
    /// </summary>
    private async Task UpdateAsync(ContentItem item, CancellationToken cancellationToken)
    {
        using (currentOrganization.RunAs(item.OrganizationId))
        {
            await contentManager.UpdateAsync(item, cancellationToken);
        }
    }

    private async Task<ContentItem> GetFromAnyOrganizationAsync(string id, CancellationToken cancellationToken) =>
        await contentManager.GetFromAnyOrganizationAsync(id, VersionOptions.Latest, cancellationToken)
            ?? throw new InvalidOperationException($"Relationship {id} has no readable version.");

    /// <summary>Forgets what the failed create added (the item, its index row, its event), and nothing of the caller's.</summary>
    private void DetachUnsaved()
    {
        var acceptedEvent = typeof(DelegatedAdministrationAccepted).FullName;
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added
                     && (e.Entity is ContentItemRecord or DelegatedRelationshipIndex || (e.Entity is OutboxMessage m && m.Type == acceptedEvent))).ToList())
        {
            entry.State = EntityState.Detached;
        }
    }

    private static string Correlation(string partnerOrganizationId, string customerOrganizationId) => $"relationship:{partnerOrganizationId}:{customerOrganizationId}";
}
