using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Content;
using PartnerCms.Core.Data;
using PartnerCms.Core.Events;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Security;
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

    /// <summary>Active: the roles approved; offered: the roles asked for.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    public bool AutoExtend { get; init; }

    /// <summary>An active relationship's pending renewal request: its offer link.</summary>
    public string? RenewalOfferPath { get; init; }
}

/// <summary>A partner that is a customer's delegated administrator now (see <see cref="DelegatedRelationshipService.ActiveAt"/>).</summary>
public sealed class ActiveRelationship
{
    public string PartnerOrganizationId { get; init; } = string.Empty;

    public string CustomerOrganizationId { get; init; } = string.Empty;

    /// <summary>The roles the customer approved, comma-joined in catalogue order.</summary>
    public string ApprovedRoles { get; init; } = string.Empty;

    /// <summary>When the relationship ends by itself (null: until removed).</summary>
    public DateTime? EndsUtc { get; init; }
}

/// <summary>
/// Who is whose delegated administrator, and the relationship's life: offered, active (until removed by the customer or
/// its end date), removed, expired, declined. Only an active relationship before its end date grants anything, and
/// every check reads the database, so a removal or an expiry takes effect at the next request.
/// </summary>
public sealed class DelegatedRelationshipService(PartnerCmsDbContext db, ContentManager contentManager, PartnerProfiles partnerProfiles, EventOutbox events, ICurrentOrganization currentOrganization, TimeProvider clock, RelationshipNotices notices) : IDelegatedAdministrators, IPartnerCustomers
{
    private const string Between = "a relationship joins a partner and a customer; every query names both or one of them";
    private const string CustomersSeePartners = "a customer sees the name and contact details of its partners";

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
            .Select(i => new ActiveRelationship { PartnerOrganizationId = i.PartnerOrganizationId, CustomerOrganizationId = i.CustomerOrganizationId, ApprovedRoles = i.ApprovedRoles, EndsUtc = i.EndsUtc });

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
                p.Status == RelationshipStatus.Offered ? p.OfferPath : null)
            {
                Roles = p.Status == RelationshipStatus.Offered ? p.Asked : p.Approved,
                AutoExtend = p.AutoExtend && RelationshipLifecycle.MayAutoExtend(p.Approved),
                RenewalOfferPath = p.Status == RelationshipStatus.Active ? p.RenewalOfferPath : null,
            })
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
    public async Task GrantAsync(
        string partnerOrganizationId, string customerOrganizationId, string acceptedBy, string? acceptedThrough = null, DateTime? endsUtc = null,
        IReadOnlyList<string>? approvedRoles = null, int? durationDays = null, bool autoExtend = false, CancellationToken cancellationToken = default)
    {
        if (approvedRoles is not null && DelegatedRoles.Normalize(approvedRoles).Count == 0)
        {
            throw new ArgumentException("Approve at least one role.", nameof(approvedRoles));
        }

        var change = new RelationshipChange(acceptedBy, clock.GetUtcNow().UtcDateTime, acceptedThrough, EndsUtc: endsUtc,
            Roles: approvedRoles is null ? null : DelegatedRoles.Normalize(approvedRoles), DurationDays: durationDays, AutoExtend: autoExtend);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                await ChangeAsync(partnerOrganizationId, customerOrganizationId, RelationshipTrigger.Accept, change,
                    (c, p) => events.Raise(new DelegatedAdministrationAccepted(partnerOrganizationId, customerOrganizationId, acceptedBy, acceptedThrough, p.EndsUtc, [.. p.Approved]), c), cancellationToken);
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
    public Task<bool> OfferAsync(
        string partnerOrganizationId, string customerOrganizationId, string offeredBy, string quoteId, string offerPath, DateTime? endsUtc,
        IReadOnlyList<string>? roles = null, int? durationDays = null, bool autoExtend = false, CancellationToken cancellationToken = default) =>
        ChangeAsync(partnerOrganizationId, customerOrganizationId, RelationshipTrigger.Offer,
            new RelationshipChange(offeredBy, clock.GetUtcNow().UtcDateTime, quoteId, offerPath, endsUtc, roles is null ? null : DelegatedRoles.Normalize(roles), durationDays, autoExtend),
            (c, _) => events.Raise(new DelegatedAdministrationOffered(partnerOrganizationId, customerOrganizationId, quoteId, offeredBy, endsUtc), c), cancellationToken);

    /// <summary>
    /// Renew: the partner asks the customer again, with the relationship's approved roles, through a new offer. An
    /// active relationship stays active and records the request (accepting it sets the new end date); an ended one is
    /// offered anew. False when the relationship cannot be renewed (withdrawn or still only offered).
    /// </summary>
    public async Task<bool> RequestRenewalAsync(string partnerOrganizationId, string customerOrganizationId, string requestedBy, string quoteId, string offerPath, CancellationToken cancellationToken = default)
    {
        var id = await FindIdAsync(partnerOrganizationId, customerOrganizationId, cancellationToken);
        if (id is null)
        {
            return false;
        }

        var current = await GetFromAnyOrganizationAsync(id, cancellationToken);
        var part = current.Get<DelegatedRelationshipPart>();
        var now = clock.GetUtcNow().UtcDateTime;
        if (part.Status == RelationshipStatus.Active && !RelationshipLifecycle.PastEnd(part, now))
        {
            current.Author = requestedBy;
            current.Alter<DelegatedRelationshipPart>(p =>
            {
                p.RenewalRequestedUtc = now;
                p.RenewalQuoteId = quoteId;
                p.RenewalOfferPath = offerPath;
                p.AskedRoles = [.. p.Approved];
            });
            events.Raise(new DelegatedAdministrationOffered(partnerOrganizationId, customerOrganizationId, quoteId, requestedBy, null), Correlation(partnerOrganizationId, customerOrganizationId));
            await UpdateAsync(current, cancellationToken);
            return true;
        }

        return part.Status is RelationshipStatus.Expired or RelationshipStatus.Removed or RelationshipStatus.Lapsed or RelationshipStatus.Declined or RelationshipStatus.Active
            && await OfferAsync(partnerOrganizationId, customerOrganizationId, requestedBy, quoteId, offerPath, null,
                part.Status == RelationshipStatus.Active ? part.Approved : part.Asked, part.DurationDays ?? RelationshipLifecycle.DefaultDays, part.AutoExtend, cancellationToken);
    }

    /// <summary>
    /// The customer's global administrator takes one role back: the partner's staff lose exactly that right at their next
    /// request. Removing the last role removes the relationship. False when the relationship is not active or lacks the role.
    /// </summary>
    public async Task<bool> RemoveRoleAsync(string customerOrganizationId, string partnerOrganizationId, string role, string removedBy, CancellationToken cancellationToken = default)
    {
        var id = await FindIdAsync(partnerOrganizationId, customerOrganizationId, cancellationToken);
        var known = DelegatedRoles.Find(role);
        if (id is null || known is null)
        {
            return false;
        }

        var current = await GetFromAnyOrganizationAsync(id, cancellationToken);
        var part = current.Get<DelegatedRelationshipPart>();
        if (part.Status != RelationshipStatus.Active || RelationshipLifecycle.PastEnd(part, clock.GetUtcNow().UtcDateTime) || !part.Approved.Contains(known.Name, StringComparer.Ordinal))
        {
            return false;
        }

        if (part.Approved.Count == 1)
        {
            return await RemoveAsync(customerOrganizationId, partnerOrganizationId, removedBy, cancellationToken);
        }

        current.Author = removedBy;
        current.Alter<DelegatedRelationshipPart>(p => p.ApprovedRoles = p.Approved.Where(r => r != known.Name).ToList());
        events.Raise(new DelegatedRoleRemoved(partnerOrganizationId, customerOrganizationId, known.Name, removedBy), Correlation(partnerOrganizationId, customerOrganizationId));
        await UpdateAsync(current, cancellationToken);
        return true;
    }

    /// <summary>The relationship as it stands (latest version), or null.</summary>
    public async Task<DelegatedRelationshipPart?> GetAsync(string partnerOrganizationId, string customerOrganizationId, CancellationToken cancellationToken = default) =>
        await FindIdAsync(partnerOrganizationId, customerOrganizationId, cancellationToken) is { } id
            ? (await GetFromAnyOrganizationAsync(id, cancellationToken)).Get<DelegatedRelationshipPart>()
            : null;

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
            (c, _) => events.Raise(new DelegatedAdministrationDeclined(partnerOrganizationId, customerOrganizationId, declinedBy, declinedThrough), c), cancellationToken);

    /// <summary>
    /// The customer removes a partner (R15): from the next request on the partner's users can do nothing for the
    /// customer. False when there is no active relationship to remove.
    /// </summary>
    public Task<bool> RemoveAsync(string customerOrganizationId, string partnerOrganizationId, string removedBy, CancellationToken cancellationToken = default) =>
        ChangeAsync(partnerOrganizationId, customerOrganizationId, RelationshipTrigger.Remove, new RelationshipChange(removedBy, clock.GetUtcNow().UtcDateTime),
            (c, _) => events.Raise(new DelegatedAdministrationRemoved(partnerOrganizationId, customerOrganizationId, removedBy), c), cancellationToken);

    /// <summary>
    /// Moves the pair's relationship by <paramref name="trigger"/> as <see cref="RelationshipLifecycle"/> allows (making it
    /// when there is none and the change may start one), raising <paramref name="raise"/> with the change. False, and
    /// nothing changed, when the lifecycle does not allow it from the relationship's state (or <paramref name="onlyIf"/> says no).
    /// </summary>
    private async Task<bool> ChangeAsync(
        string partnerOrganizationId, string customerOrganizationId, RelationshipTrigger trigger, RelationshipChange change, Action<string, DelegatedRelationshipPart>? raise, CancellationToken cancellationToken,
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
            raise?.Invoke(correlation, part);

            await contentManager.CreateAsync(item, publish: true, cancellationToken);
            return true;
        }

        var current = await GetFromAnyOrganizationAsync(id, cancellationToken);
        var existing = current.Get<DelegatedRelationshipPart>();
        var renewal = trigger == RelationshipTrigger.Accept && existing.Status == RelationshipStatus.Active && existing.RenewalRequestedUtc is not null
            && !RelationshipLifecycle.PastEnd(existing, change.AtUtc) && (change.Through is null || change.Through == existing.RenewalQuoteId);
        if ((!renewal && !RelationshipLifecycle.Allows(existing.Status, trigger, RelationshipLifecycle.PastEnd(existing, change.AtUtc))) || onlyIf?.Invoke(existing) == false)
        {
            return false;
        }

        current.Author = change.By;
        current.Alter<DelegatedRelationshipPart>(p => RelationshipLifecycle.Apply(p, trigger, change));
        raise?.Invoke(correlation, current.Get<DelegatedRelationshipPart>());

        await UpdateAsync(current, cancellationToken);
        return true;
    }

    /// <summary>
    /// The expiry job's work, for every relationship whose <see cref="DelegatedRelationshipIndex.NextDueUtc"/> has come:
    /// notices 30, 7 and 1 days before the end (each once: mail and an in-portal notice to both sides' global
    /// administrators, and <see cref="DelegatedAdministrationExpiring"/>); at the end date an auto-extending relationship
    /// (never one with Global administrator) lasts <see cref="RelationshipLifecycle.AutoExtensionMonths"/> months more,
    /// any other expires; an unanswered request lapses after 90 days. Each relationship is saved on its own under its
    /// revision, so two dispatchers cannot both send a notice. Returns how many expired.
    /// </summary>
    public async Task<int> ExpireDueAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var expired = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var ids = await db.Set<DelegatedRelationshipIndex>().AcrossOrganizations(Between).AsNoTracking()
                .Where(i => i.NextDueUtc != null && i.NextDueUtc <= now)
                .OrderBy(i => i.NextDueUtc).Select(i => i.ContentItemId).Take(200).ToListAsync(cancellationToken);
            ids.RemoveAll(id => !seen.Add(id));
            if (ids.Count == 0)
            {
                return expired;
            }

            foreach (var id in ids)
            {
                try
                {
                    if (await ProcessDueAsync(id, now, cancellationToken))
                    {
                        expired++;
                    }
                }
                catch (Exception ex) when (ex is DbUpdateConcurrencyException or ContentConcurrencyException)
                {
                    // Another dispatcher handled it first: its change stands, ours is dropped.
                    db.ChangeTracker.Clear();
                }
            }
        }
    }

    private async Task<bool> ProcessDueAsync(string id, DateTime now, CancellationToken cancellationToken)
    {
        const string Actor = "system:expiry";
        var item = await GetFromAnyOrganizationAsync(id, cancellationToken);
        var part = item.Get<DelegatedRelationshipPart>();
        var correlation = Correlation(part.PartnerOrganizationId, part.CustomerOrganizationId);
        item.Author = Actor;
        if (part.Status == RelationshipStatus.Offered)
        {
            if (RelationshipLifecycle.RequestOpen(part.OfferedUtc, now))
            {
                await RescheduleAsync(id, part, cancellationToken);
                return false;
            }

            item.Alter<DelegatedRelationshipPart>(p => RelationshipLifecycle.Apply(p, RelationshipTrigger.Lapse, new RelationshipChange(Actor, now)));
            events.Raise(new DelegatedAdministrationLapsed(part.PartnerOrganizationId, part.CustomerOrganizationId, part.OfferedThrough), correlation);
            await UpdateAsync(item, cancellationToken);
            return false;
        }

        if (part.Status != RelationshipStatus.Active)
        {
            await RescheduleAsync(id, part, cancellationToken);
            return false;
        }

        var changed = false;
        if (part.RenewalRequestedUtc is { } renewal && !RelationshipLifecycle.RequestOpen(renewal, now))
        {
            item.Alter<DelegatedRelationshipPart>(p => (p.RenewalRequestedUtc, p.RenewalQuoteId, p.RenewalOfferPath) = (null, null, null));
            changed = true;
        }

        var expired = false;
        if (part.EndsUtc is { } ends && ends <= now)
        {
            if (part.AutoExtend && RelationshipLifecycle.MayAutoExtend(part.Approved))
            {
                var next = ends;
                while (next <= now)
                {
                    next = next.AddMonths(RelationshipLifecycle.AutoExtensionMonths);
                }

                item.Alter<DelegatedRelationshipPart>(p =>
                {
                    p.EndsUtc = next;
                    p.Extensions++;
                    p.NoticeDaysSent = null;
                });
                events.Raise(new DelegatedAdministrationExtended(part.PartnerOrganizationId, part.CustomerOrganizationId, ends, next), correlation);
                notices.Extended(part.PartnerOrganizationId, part.CustomerOrganizationId, next);
            }
            else
            {
                item.Alter<DelegatedRelationshipPart>(p => RelationshipLifecycle.Apply(p, RelationshipTrigger.Expire, new RelationshipChange(Actor, now)));
                events.Raise(new DelegatedAdministrationExpired(part.PartnerOrganizationId, part.CustomerOrganizationId, ends), correlation);
                expired = true;
            }

            changed = true;
        }
        else if (part.EndsUtc is { } endsLater && RelationshipLifecycle.NoticeDue(endsLater, now, part.NoticeDaysSent) is { } days)
        {
            item.Alter<DelegatedRelationshipPart>(p =>
            {
                p.NoticeDaysSent = days;
                p.ExpiringAnnounced = true;
            });
            events.Raise(new DelegatedAdministrationExpiring(part.PartnerOrganizationId, part.CustomerOrganizationId, endsLater, days), correlation);
            // The notice is due at a threshold (30, 7, 1); it tells the days actually left (Tailspin's first notice says 20).
            await notices.ExpiringAsync(part, endsLater, Math.Max(1, (int)Math.Ceiling((endsLater - now).TotalDays)), cancellationToken);

            changed = true;
        }

        if (changed)
        {
            await UpdateAsync(item, cancellationToken);
        }
        else
        {
            await RescheduleAsync(id, part, cancellationToken);
        }

        return expired;
    }

    /// <summary>Nothing was due after all (a row from before the schedule existed): the index learns when to look next.</summary>
    private Task RescheduleAsync(string id, DelegatedRelationshipPart part, CancellationToken cancellationToken)
    {
        var next = RelationshipLifecycle.NextDue(part);
        return db.Set<DelegatedRelationshipIndex>().AcrossOrganizations(Between).Where(i => i.ContentItemId == id)
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.NextDueUtc, next), cancellationToken);
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
