using Microsoft.EntityFrameworkCore;
using PartnerCms.Catalog.Services;
using PartnerCms.Core.Content;
using PartnerCms.Core.Data;
using PartnerCms.Core.Events;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Validation;
using PartnerCms.Delegation.Models;
using PartnerCms.Offers.Models;
using PartnerCms.Partners.Services;

namespace PartnerCms.Offers.Services;

/// <summary>
/// Creates and withdraws offers. Everything the wizard offers is checked again here, so a SKU the catalog does not
/// offer in the chosen usage location is refused even when posted directly (R8).
/// </summary>
public sealed class OfferService(
    PartnerCmsDbContext db, ContentManager contentManager, CatalogService catalog, TimeProvider clock, EventOutbox events, LandingPageCache landingPages, OfferLinkSigner signer, PartnerProfiles partners,
    PartnerCms.Delegation.Services.DelegatedRelationshipService relationships, ICurrentOrganization currentOrganization, IEnumerable<PartnerCms.Core.Media.IMediaCatalog> media)
{
    private const string NamedCustomer = "a delegated-administration offer made from a lookup result names the customer the partner found";

    public const int MaxExpiryDays = 365;

    public async Task<OfferResult> CreateAsync(string partnerOrganizationId, OfferInput input, string createdBy, CancellationToken cancellationToken = default)
    {
        var partner = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == partnerOrganizationId && o.Kind == OrganizationKind.Partner, cancellationToken);
        if (partner?.PartnerId is null)
        {
            return OfferResult.Fail(string.Empty, "Only a partner with a partner ID can make offers.");
        }

        var (errors, office, location, lines) = await ValidateAsync(partnerOrganizationId, input, cancellationToken);
        if (errors.Count > 0)
        {
            return new OfferResult(false, errors);
        }

        var customerId = input.Kind == OfferKind.DelegatedAdministration && !string.IsNullOrWhiteSpace(input.CustomerId) ? input.CustomerId.Trim() : null;
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var quoteId = input.QuoteId ?? QuoteIds.New();
            if (await db.Set<OfferIndex>().AcrossOrganizations("Quote IDs are unique platform-wide").AnyAsync(i => i.QuoteId == quoteId, cancellationToken))
            {
                if (input.QuoteId is not null)
                {
                    return OfferResult.Fail(string.Empty, $"An offer with Quote ID {quoteId} exists already.");
                }

                continue;
            }

            var item = contentManager.New(OfferPart.ContentType);
            item.OrganizationId = partnerOrganizationId;
            item.OwnerId = createdBy;
            item.Author = createdBy;
            item.DisplayText = quoteId;
            item.Apply(new OfferPart
            {
                Kind = input.Kind,
                QuoteId = quoteId,
                AdvisorCode = partner.PartnerId,
                OfficeId = office!,
                UsageLocation = location!,
                Lines = lines,
                IncludesDelegatedAdministration = input.IncludesDelegatedAdministration || input.Kind == OfferKind.DelegatedAdministration,
                RelationshipEndsUtc = input.Kind == OfferKind.DelegatedAdministration && input.RelationshipEndsOn is { } relationshipEnds
                    ? DateTime.SpecifyKind(relationshipEnds.Date.AddDays(1).AddTicks(-1), DateTimeKind.Utc)
                    : null,
                DelegatedRoles = input.IncludesDelegatedAdministration || input.Kind == OfferKind.DelegatedAdministration
                    ? PartnerCms.Core.Security.DelegatedRoles.Normalize(input.DelegatedRoles ?? [.. PartnerCms.Core.Security.DelegatedRoles.FullBundle])
                    : null,
                RelationshipDays = input.Kind == OfferKind.DelegatedAdministration ? input.RelationshipDays : null,
                RelationshipAutoExtend = input.Kind == OfferKind.DelegatedAdministration && input.AutoExtend,
                CustomerOrganizationId = customerId,
                Status = OfferStatus.Active,
                ExpiresUtc = input.ExpiresOn is { } expiresOn ? DateTime.SpecifyKind(expiresOn.Date.AddDays(1).AddTicks(-1), DateTimeKind.Utc) : null,
                ShareTitle = Blank(input.ShareTitle),
                ShareDescription = Blank(input.ShareDescription),
                ShareImageId = Blank(input.ShareImageId),
                CreatedBy = createdBy,
                LinkSignature = signer.Sign(quoteId, partner.PartnerId),
            });
            events.Raise(new OfferCreated(item.ContentItemId, quoteId, partnerOrganizationId, input.Kind, createdBy), correlationId: "offer:" + item.ContentItemId);
            try
            {
                await contentManager.CreateAsync(item, publish: true, cancellationToken);
            }
            catch (DbUpdateException ex) when (input.QuoteId is null && ex.IsUniqueViolation<OfferIndex>(db, nameof(OfferIndex.QuoteId)))
            {
                // Another offer took the same Quote ID at the same moment: draw again. Anything else is a real failure.
                db.ChangeTracker.Clear();
                continue;
            }

            var part = item.Get<OfferPart>();
            if (customerId is not null)
            {
                // The customer's Partner relationships page lists the offer from now on, with its link (R14, R15).
                if (input.Renewal)
                {
                    await relationships.RequestRenewalAsync(partnerOrganizationId, customerId, createdBy, quoteId, PathFor(part), cancellationToken);
                }
                else
                {
                    await relationships.OfferAsync(partnerOrganizationId, customerId, createdBy, quoteId, PathFor(part), part.RelationshipEndsUtc,
                        part.AskedRoles, part.RelationshipDays, part.RelationshipAutoExtend, cancellationToken);
                }
            }
            else if (part.IncludesDelegatedAdministration)
            {
                events.Raise(new PartnerCms.Delegation.Models.DelegatedAdministrationOffered(partnerOrganizationId, null, quoteId, createdBy, part.RelationshipEndsUtc),
                    correlationId: "offer:" + item.ContentItemId);
                await db.SaveChangesAsync(cancellationToken);
            }

            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }

            OffersMetrics.Created.Add(1, new KeyValuePair<string, object?>("kind", input.Kind.ToString()));
            return new OfferResult(true, new Dictionary<string, string>(StringComparer.Ordinal), item);
        }

        return OfferResult.Fail(string.Empty, "No free Quote ID could be drawn. Try again.");
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>The offer's own share title, description (one line of plain text each) and image (one of the partner's).</summary>
    private async Task ValidateShareAsync(string partnerOrganizationId, OfferInput input, Dictionary<string, string> errors, CancellationToken cancellationToken)
    {
        foreach (var (field, text, max) in new[] { (nameof(OfferInput.ShareTitle), input.ShareTitle, 70), (nameof(OfferInput.ShareDescription), input.ShareDescription, 200) })
        {
            var value = (text ?? string.Empty).Trim();
            if (value.Length > max)
            {
                errors[field] = $"At most {max} characters (search results and link previews cut longer ones).";
            }
            else if (value.Any(char.IsControl))
            {
                errors[field] = "One line of plain text, without control characters.";
            }
        }

        if (Blank(input.ShareImageId) is { } imageId && (media.FirstOrDefault() is not { } catalog || await catalog.FindAsync(partnerOrganizationId, imageId, cancellationToken: cancellationToken) is null))
        {
            errors[nameof(OfferInput.ShareImageId)] = "The share image is not in your media library: choose another or none.";
        }
    }

    /// <summary>
    /// Checks what the wizard asks (R7, R8) without saving: errors by field (OfficeId, UsageLocation, Lines, ExpiresOn),
    /// and the office, usage location and subscriptions when they are right.
    /// </summary>
    public async Task<(Dictionary<string, string> Errors, string? OfficeId, string? UsageLocation, List<OfferLine> Lines)> ValidateAsync(
        string partnerOrganizationId, OfferInput input, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var office = string.IsNullOrEmpty(input.OfficeId)
            ? null
            : await partners.OfficeAsync(partnerOrganizationId, input.OfficeId, includeRetired: false, cancellationToken);
        if (office is null)
        {
            errors["OfficeId"] = "Choose one of your partner offices.";
        }

        var today = clock.GetUtcNow().UtcDateTime.Date;
        await ValidateShareAsync(partnerOrganizationId, input, errors, cancellationToken);
        if (input.Kind == OfferKind.DelegatedAdministration)
        {
            if (!string.IsNullOrWhiteSpace(input.CustomerId))
            {
                var customerId = input.CustomerId.Trim();
                var customer = await db.Organizations.AcrossOrganizations(NamedCustomer).AsNoTracking()
                    .Where(o => o.Id == customerId && o.Kind == OrganizationKind.Customer).Select(o => o.Name).FirstOrDefaultAsync(cancellationToken);
                if (customer is null)
                {
                    errors["CustomerId"] = "There is no such customer. Find the customer with Search for user or domain, then offer delegated administration from the result.";
                }
                else if (!input.Renewal && await relationships.IsDelegatedAdministratorAsync(partnerOrganizationId, customerId, cancellationToken))
                {
                    errors["CustomerId"] = $"You are already a delegated administrator of {customer}.";
                }
            }

            // No subscriptions and no usage location: the office's country stands for it on the dashboard.
            if (input.RelationshipEndsOn is { } ends && (ends.Date <= today || ends.Date > today.AddYears(2)))
            {
                errors["RelationshipEndsOn"] = "Choose an end of the relationship after today and at most two years ahead, or none.";
            }

            if (input.ExpiresOn is { } linkExpires && (linkExpires.Date <= today || linkExpires.Date > today.AddDays(MaxExpiryDays)))
            {
                errors["ExpiresOn"] = $"Choose an expiry date after today and at most {MaxExpiryDays} days ahead, or none.";
            }

            if (input.RelationshipDays is { } days && (days < RelationshipLifecycle.MinimumDays || days > RelationshipLifecycle.MaximumDays))
            {
                errors["RelationshipDays"] = $"Choose a duration from {RelationshipLifecycle.MinimumDays} day to {RelationshipLifecycle.MaximumDays} days (two years).";
            }
            else if (input.RelationshipDays is not null && input.RelationshipEndsOn is not null)
            {
                errors["RelationshipDays"] = "Choose a duration or an end date, not both.";
            }

            ValidateRoles(input, errors);
            return (errors, office?.ContentItemId, office?.CountryOrRegion, []);
        }

        var location = CountriesAndRegions.Find(input.UsageLocation)?.Code;
        if (location is null)
        {
            errors["UsageLocation"] = "Choose the usage location: the country or region where the customer will use the services.";
        }

        var lines = await LinesAsync(input, location, errors, cancellationToken);
        if (input.ExpiresOn is { } expires && (expires.Date <= today || expires.Date > today.AddDays(MaxExpiryDays)))
        {
            errors["ExpiresOn"] = $"Choose an expiry date after today and at most {MaxExpiryDays} days ahead, or none.";
        }

        if (input.IncludesDelegatedAdministration)
        {
            ValidateRoles(input, errors);
        }

        return (errors, office?.ContentItemId, location, lines);
    }

    /// <summary>The roles asked for: at least one, each from the catalogue; auto-extend never with Global administrator.</summary>
    private static void ValidateRoles(OfferInput input, Dictionary<string, string> errors)
    {
        if (input.DelegatedRoles is { } asked)
        {
            if (asked.Any(r => !PartnerCms.Core.Security.DelegatedRoles.IsKnown(r)))
            {
                errors["DelegatedRoles"] = "Choose roles from the list.";
            }
            else if (PartnerCms.Core.Security.DelegatedRoles.Normalize(asked).Count == 0)
            {
                errors["DelegatedRoles"] = "Choose at least one role to ask the customer for.";
            }
        }

        if (input.AutoExtend && !RelationshipLifecycle.MayAutoExtend(PartnerCms.Core.Security.DelegatedRoles.Normalize(input.DelegatedRoles ?? [.. PartnerCms.Core.Security.DelegatedRoles.FullBundle])))
        {
            errors["AutoExtend"] = "A relationship that includes Global administrator cannot extend itself: the customer must renew it.";
        }
        else if (input.AutoExtend && input.RelationshipDays is null && input.RelationshipEndsOn is null)
        {
            errors["AutoExtend"] = "Auto-extend needs a duration.";
        }
    }

    /// <summary>
    /// Renew: a new delegated-administration request to the customer with the relationship's approved roles, duration
    /// and auto-extend, through its own offer (link and message). The relationship stays as it is until the customer
    /// accepts (then its end date starts again) — or lapses after 90 days.
    /// </summary>
    public async Task<OfferResult> RenewAsync(string partnerOrganizationId, string customerOrganizationId, string requestedBy, CancellationToken cancellationToken = default)
    {
        var relationship = await relationships.GetAsync(partnerOrganizationId, customerOrganizationId, cancellationToken);
        if (relationship is null || relationship.Status is RelationshipStatus.Offered or RelationshipStatus.Withdrawn)
        {
            return OfferResult.Fail(string.Empty, "There is no relationship with this customer to renew.");
        }

        if (relationship.RenewalRequestedUtc is not null && relationship.Status == RelationshipStatus.Active)
        {
            return OfferResult.Fail(string.Empty, "A renewal request is already waiting for the customer's answer.");
        }

        var office = await db.Set<PartnerCms.Partners.Models.OfficeIndex>().AsNoTracking()
            .Where(o => o.OrganizationId == partnerOrganizationId && o.Published && !o.Retired).OrderBy(o => o.ContentItemId).Select(o => o.ContentItemId).FirstOrDefaultAsync(cancellationToken);
        var roles = relationship.Status == RelationshipStatus.Active ? relationship.Approved : relationship.Asked;
        return await CreateAsync(partnerOrganizationId, new OfferInput
        {
            Kind = OfferKind.DelegatedAdministration,
            OfficeId = office,
            CustomerId = customerOrganizationId,
            DelegatedRoles = [.. roles],
            RelationshipDays = relationship.DurationDays ?? RelationshipLifecycle.DefaultDays,
            AutoExtend = relationship.AutoExtend && RelationshipLifecycle.MayAutoExtend(roles),
            Renewal = relationship.Status == RelationshipStatus.Active,
        }, requestedBy, cancellationToken);
    }

    /// <summary>The offer with this Quote ID, whichever partner made it (the landing page reads it).</summary>
    /// <summary>The name of a customer organization a delegated-administration offer may be made to, or null.</summary>
    public Task<string?> CustomerNameAsync(string? customerId, CancellationToken cancellationToken = default) =>
        string.IsNullOrWhiteSpace(customerId) || customerId.Length > 100
            ? Task.FromResult<string?>(null)
            : db.Organizations.AcrossOrganizations(NamedCustomer).AsNoTracking()
                .Where(o => o.Id == customerId.Trim() && o.Kind == OrganizationKind.Customer).Select(o => o.Name).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Whether the offer is open now, from its index row alone (the landing page's check after caching a page).</summary>
    public async Task<bool> IsOpenAsync(string quoteId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Set<OfferIndex>().AcrossOrganizations("an offer link names only its Quote ID: its landing page is open to anyone").AsNoTracking()
            .AnyAsync(i => i.QuoteId == quoteId && i.Status == OfferStatus.Active && (i.ExpiresUtc == null || i.ExpiresUtc > now), cancellationToken);
    }

    public async Task<ContentItem?> FindByQuoteIdAsync(string quoteId, CancellationToken cancellationToken = default)
    {
        var id = await db.Set<OfferIndex>().AcrossOrganizations("an offer link names only its Quote ID: its landing page is open to anyone").AsNoTracking().Where(i => i.QuoteId == quoteId).Select(i => i.ContentItemId).FirstOrDefaultAsync(cancellationToken);
        return id is null ? null : await contentManager.GetFromAnyOrganizationAsync(id, VersionOptions.Latest, cancellationToken);
    }

    /// <summary>
    /// What an offer link leads to: the open offer, or why not. A link whose signature was not made by this site for
    /// exactly this Quote ID and advisor code is <see cref="OfferLinkState.Invalid"/>, like one for no offer at all.
    /// </summary>
    public async Task<(OfferLinkState State, ContentItem? Offer)> ResolveLinkAsync(string? quoteId, string? advisorCode, string? signature, CancellationToken cancellationToken = default)
    {
        if (!signer.IsValid(quoteId, advisorCode, signature))
        {
            return (OfferLinkState.Invalid, null);
        }

        var item = await FindByQuoteIdAsync(quoteId!, cancellationToken);
        var offer = item?.Get<OfferPart>();
        if (offer is null || offer.AdvisorCode != advisorCode)
        {
            return (OfferLinkState.Invalid, null);
        }

        return offer.Status is OfferStatus.Withdrawn or OfferStatus.Declined ? (OfferLinkState.Withdrawn, item)
            : !IsOpen(offer) ? (OfferLinkState.Expired, item)
            : (OfferLinkState.Open, item);
    }

    /// <summary>The path of the offer's link (the signature made at creation; older offers are signed now).</summary>
    public string PathFor(OfferPart offer) =>
        signer.PathFor(offer.QuoteId, offer.AdvisorCode, string.IsNullOrEmpty(offer.LinkSignature) ? null : offer.LinkSignature);

    /// <summary>The status customers and the dashboard see: an active offer past its expiry is expired.</summary>
    public OfferStatus EffectiveStatus(OfferPart offer) =>
        offer.Status == OfferStatus.Active && !IsOpen(offer) ? OfferStatus.Expired : offer.Status;

    /// <summary>Whether customers may still open and accept the offer now.</summary>
    public bool IsOpen(OfferPart offer) =>
        offer.Status == OfferStatus.Active && (offer.ExpiresUtc is null || offer.ExpiresUtc > clock.GetUtcNow().UtcDateTime);

    /// <summary>
    /// The customer a delegated-administration offer names declined it: the offer is over (its link answers as a
    /// withdrawn one's does) and the partner sees who declined it and when. An offer open to any customer stays open.
    /// </summary>
    public async Task MarkDeclinedAsync(ContentItem item, string customerOrganizationId, string by, CancellationToken cancellationToken = default)
    {
        var offer = item.Get<OfferPart>();
        if (offer.Kind != OfferKind.DelegatedAdministration || offer.CustomerOrganizationId != customerOrganizationId || offer.Status != OfferStatus.Active)
        {
            return;
        }

        item.Author = by;
        item.Alter<OfferPart>(o =>
        {
            o.Status = OfferStatus.Declined;
            o.DeclinedBy = by;
            o.DeclinedUtc = clock.GetUtcNow().UtcDateTime;
        });
        // The customer answers on the partner's offer: the write is the partner's organization's.
        using (currentOrganization.RunAs(item.OrganizationId))
        {
            await contentManager.UpdateAsync(item, cancellationToken);
        }

        await landingPages.RemoveOfferAsync(item.ContentItemId, offer.QuoteId, cancellationToken);
    }

    /// <summary>Withdraws one of the partner's own offers; its link dies at once.</summary>
    public async Task<bool> WithdrawAsync(string partnerOrganizationId, string quoteId, string by, CancellationToken cancellationToken = default)
    {
        var item = await FindByQuoteIdAsync(quoteId, cancellationToken);
        if (item is null || item.OrganizationId != partnerOrganizationId)
        {
            return false;
        }

        if (item.Get<OfferPart>().Status == OfferStatus.Withdrawn)
        {
            return true;
        }

        item.Author = by;
        item.Alter<OfferPart>(o => o.Status = OfferStatus.Withdrawn);
        events.Raise(new OfferWithdrawn(item.ContentItemId, quoteId, partnerOrganizationId, by), correlationId: "offer:" + item.ContentItemId);
        await using (var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null)
        {
            await contentManager.UpdateAsync(item, cancellationToken);
            if (item.Get<OfferPart>().CustomerOrganizationId is { } customerId)
            {
                // The customer's Partner relationships page no longer lists it as offered.
                await relationships.WithdrawOfferAsync(partnerOrganizationId, customerId, quoteId, by, cancellationToken);
            }

            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }
        }

        // The link dies at once, on every node: the cached landing page goes from the shared cache now (and again when
        // the event is delivered, should this process stop before the eviction).
        await landingPages.RemoveOfferAsync(item.ContentItemId, quoteId, cancellationToken);
        return true;
    }

    private async Task<List<OfferLine>> LinesAsync(OfferInput input, string? location, Dictionary<string, string> errors, CancellationToken cancellationToken)
    {
        var chosen = input.Lines.Where(l => !string.IsNullOrWhiteSpace(l.SkuCode)).ToList();
        if (input.Kind == OfferKind.TrialInvitation && chosen.Count == 0)
        {
            errors["Lines"] = "Choose the trial subscription to offer.";
            return [];
        }

        if (input.Kind == OfferKind.TrialInvitation && chosen.Count != 1)
        {
            errors["Lines"] = "A trial invitation holds exactly one trial subscription.";
            return [];
        }

        if (chosen.Count == 0)
        {
            errors["Lines"] = "Choose at least one subscription.";
            return [];
        }

        if (chosen.Select(l => l.SkuCode).Distinct(StringComparer.Ordinal).Count() != chosen.Count)
        {
            errors["Lines"] = "Each subscription can be in the offer once.";
            return [];
        }

        var skus = await catalog.FindManyAsync(chosen.Select(l => l.SkuCode!), cancellationToken);
        var available = location is null ? [] : (await catalog.AvailableInAsync(location, input.Kind == OfferKind.TrialInvitation, cancellationToken)).Select(s => s.Code).ToHashSet(StringComparer.Ordinal);
        var lines = new List<OfferLine>();
        foreach (var line in chosen)
        {
            if (!skus.TryGetValue(line.SkuCode!, out var sku) || sku.IsTrial != (input.Kind == OfferKind.TrialInvitation))
            {
                errors["Lines"] = input.Kind == OfferKind.TrialInvitation ? "Choose a trial subscription from the list." : "Choose subscriptions from the list.";
                return [];
            }

            if (!available.Contains(sku.Code))
            {
                errors["Lines"] = $"{sku.Name} is not offered in the chosen usage location.";
                return [];
            }

            var licences = sku.IsTrial ? sku.MaxLicences : line.Licences ?? 0;
            if (!sku.IsTrial && (licences < 1 || licences > sku.MaxLicences))
            {
                errors["Lines"] = $"Enter between 1 and {sku.MaxLicences:N0} user licences for {sku.Name}.";
                return [];
            }

            lines.Add(new OfferLine { SkuCode = sku.Code, SkuName = sku.Name, Licences = licences, TrialDays = sku.TrialDays });
        }

        return lines;
    }
}
