using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PartnerCms.Catalog.Models;
using PartnerCms.Catalog.Services;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Content;
using PartnerCms.Core.Data;
using PartnerCms.Core.Events;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Security;
using PartnerCms.Core.Validation;
using PartnerCms.Delegation.Models;
using PartnerCms.Directory.Services;
using PartnerCms.Offers.Models;

namespace PartnerCms.Offers.Services;

/// <summary>Who accepts: a new organization (sign-up), or a global administrator of an existing one.</summary>
public sealed record Accepter(PartnerCmsUser? User, CustomerSignUpInput? SignUp)
{
    /// <summary>The delegated roles the customer approves (null: every role the offer asks for).</summary>
    public IReadOnlyList<string>? ApprovedRoles { get; init; }
}

public enum AcceptanceOutcome
{
    Accepted,
    AlreadyAccepted,
    Refused,
}

public sealed record AcceptanceResult(AcceptanceOutcome Outcome, IReadOnlyDictionary<string, string> Errors, OfferAcceptance? Acceptance = null, PartnerCmsUser? User = null)
{
    public static AcceptanceResult Refuse(string field, string message) => new(AcceptanceOutcome.Refused, new Dictionary<string, string>(StringComparer.Ordinal) { [field] = message });

    public bool Succeeded => Outcome != AcceptanceOutcome.Refused;
}

/// <summary>
/// Accepts an offer for a customer organization (R12, R13): the customer's licence counts (within the SKU's bounds),
/// one set of subscriptions with the partner as advisor, a trial at most once per organization, and the separate choice
/// about delegated administration. Everything happens in one transaction; a second acceptance of the same offer by the
/// same organization (double submit, concurrent requests) finds the first and creates nothing.
/// </summary>
public sealed class OfferAcceptanceService(
    PartnerCmsDbContext db,
    CatalogService catalog,
    SubscriptionService subscriptions,
    CustomerSignUpService signUps,
    UserManager<PartnerCmsUser> users,
    EventOutbox events,
    PartnerCms.Delegation.Services.DelegatedRelationshipService relationships,
    TimeProvider clock)
{
    private const string SignUpPrefix = "SignUp.";

    private const string CustomerSide = "the customer's side of a partner's offer: the visitor is anonymous or signs in on the offer's page";

    /// <summary>
    /// Accepts what the customer chose: the subscriptions (with its licence counts), delegated administration (when the
    /// offer includes it), or both (R13: either without the other).
    /// </summary>
    public async Task<AcceptanceResult> AcceptAsync(
        ContentItem item, Accepter accepter, IReadOnlyDictionary<string, int?> licences, bool acceptSubscriptions, bool acceptDelegatedAdministration,
        CancellationToken cancellationToken = default)
    {
        var offer = item.Get<OfferPart>();
        if (!acceptSubscriptions && !(offer.IncludesDelegatedAdministration && acceptDelegatedAdministration))
        {
            return AcceptanceResult.Refuse(string.Empty, offer.IncludesDelegatedAdministration
                ? "Choose what you accept: the subscriptions, delegated administration, or both."
                : "Tick the subscriptions to accept them.");
        }

        // The roles the customer approves: some or all of those asked for, at least one (partial approval).
        IReadOnlyList<string>? wantsDelegation = null;
        if (offer.IncludesDelegatedAdministration && acceptDelegatedAdministration)
        {
            if (offer.Kind == OfferKind.DelegatedAdministration && !RelationshipLifecycle.RequestOpen(item.CreatedUtc, clock.GetUtcNow().UtcDateTime))
            {
                return AcceptanceResult.Refuse(string.Empty,
                    $"This request for delegated administration was made on {item.CreatedUtc:yyyy-MM-dd} and lapsed after {RelationshipLifecycle.RequestLapsesAfter.Days} days without an answer. Ask the partner to send a new one.");
            }

            var asked = offer.AskedRoles;
            var approved = accepter.ApprovedRoles is null ? [.. asked] : DelegatedRoles.Normalize(accepter.ApprovedRoles).Where(r => asked.Contains(r, StringComparer.Ordinal)).ToList();
            if (approved.Count == 0 || (accepter.ApprovedRoles is not null && accepter.ApprovedRoles.Any(r => !asked.Contains(DelegatedRoles.Find(r)?.Name ?? r, StringComparer.Ordinal))))
            {
                return AcceptanceResult.Refuse("ApprovedRoles", "Approve at least one of the roles the partner asks for, and only those.");
            }

            wantsDelegation = approved;
        }

        var skus = await catalog.FindManyAsync(offer.Lines.Select(l => l.SkuCode), cancellationToken);
        var chosen = new List<(Sku Sku, int Licences)>();
        foreach (var line in acceptSubscriptions ? offer.Lines : [])
        {
            if (!skus.TryGetValue(line.SkuCode, out var sku))
            {
                return AcceptanceResult.Refuse(string.Empty, $"{line.SkuName} is no longer sold. Ask your partner for a new offer.");
            }

            var count = sku.IsTrial ? line.Licences : licences.GetValueOrDefault(line.SkuCode) ?? 0;
            if (!sku.IsTrial && SubscriptionService.LicenceError(count, sku.MaxLicences) is { } error)
            {
                return AcceptanceResult.Refuse($"Licences[{line.SkuCode}]", $"{sku.Name}: {error}");
            }

            chosen.Add((sku, count));
        }

        if (accepter.User is { } user)
        {
            return await AcceptForExistingAsync(item, offer, user, chosen, wantsDelegation, cancellationToken);
        }

        return await SignUpAndAcceptAsync(item, offer, accepter.SignUp ?? new CustomerSignUpInput(), chosen, wantsDelegation, cancellationToken);
    }

    /// <summary>
    /// A customer's global administrator declines a delegated-administration offer (R15). Null error when recorded; the
    /// organization's name for the page.
    /// </summary>
    public async Task<(string? OrganizationName, string? Error)> DeclineAsync(ContentItem item, PartnerCmsUser user, CancellationToken cancellationToken = default)
    {
        var offer = item.Get<OfferPart>();
        var (organization, error) = await AccepterOrganizationAsync(user, offer);
        if (organization is null)
        {
            return (null, error);
        }

        if (!await relationships.DeclineAsync(item.OrganizationId, organization.Id, user.UserName ?? user.Id, offer.QuoteId, cancellationToken))
        {
            return (null, "Your organization already has this partner as its delegated administrator. To end that, remove the partner in your account portal.");
        }

        return (organization.Name, null);
    }

    /// <summary>The user, when the name and password are right and the user is a global administrator of a customer.</summary>
    public async Task<(PartnerCmsUser? User, string? Error)> CheckAccepterAsync(PartnerCmsUser user)
    {
        var (organization, error) = await AccepterOrganizationAsync(user);
        return (organization is null ? null : user, error);
    }

    private async Task<(Organization? Organization, string? Error)> AccepterOrganizationAsync(PartnerCmsUser user, OfferPart? offer = null)
    {
        var organization = await db.Organizations.AcrossOrganizations(CustomerSide).AsNoTracking().FirstOrDefaultAsync(o => o.Id == user.OrganizationId);
        if (organization?.Kind != OrganizationKind.Customer || !await users.IsInRoleAsync(user, OrganizationRoles.CustomerGlobalAdministrator))
        {
            return (null, "Only a global administrator of a customer organization can accept offers. Ask your global administrator, or sign up a new organization.");
        }

        // An offer made to one customer (from a lookup result) is that customer's to answer.
        if (offer?.CustomerOrganizationId is { } named && named != organization.Id)
        {
            var name = await db.Organizations.AcrossOrganizations(CustomerSide).AsNoTracking().Where(o => o.Id == named).Select(o => o.Name).FirstOrDefaultAsync();
            return (null, $"This offer was made to {name ?? "another organization"}. Only a global administrator of {name ?? "that organization"} can accept or decline it.");
        }

        return (organization, null);
    }

    private async Task<AcceptanceResult> AcceptForExistingAsync(
        ContentItem item, OfferPart offer, PartnerCmsUser user, List<(Sku Sku, int Licences)> chosen, IReadOnlyList<string>? wantsDelegation, CancellationToken cancellationToken)
    {
        var (organization, error) = await AccepterOrganizationAsync(user, offer);
        if (organization is null)
        {
            return AcceptanceResult.Refuse(string.Empty, error!);
        }

        var existing = await FindAcceptanceAsync(item.ContentItemId, user.OrganizationId, cancellationToken);
        if (existing is not null)
        {
            return new AcceptanceResult(AcceptanceOutcome.AlreadyAccepted, new Dictionary<string, string>(StringComparer.Ordinal), existing, user);
        }

        foreach (var (sku, _) in chosen)
        {
            if (!CatalogService.IsAvailableIn(sku, organization.CountryOrRegion))
            {
                return AcceptanceResult.Refuse(string.Empty,
                    $"{sku.Name} is not offered in {CountriesAndRegions.NameOf(organization.CountryOrRegion)}, your organization's usage location. Ask your partner for an offer for your location.");
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await RecordAsync(item, offer, organization, user, signedUp: false, chosen, wantsDelegation, cancellationToken);
        return await FinishAsync(transaction, item, offer, organization, result, cancellationToken);
    }

    private async Task<AcceptanceResult> SignUpAndAcceptAsync(
        ContentItem item, OfferPart offer, CustomerSignUpInput input, List<(Sku Sku, int Licences)> chosen, IReadOnlyList<string>? wantsDelegation, CancellationToken cancellationToken)
    {
        if (offer.CustomerOrganizationId is not null)
        {
            return AcceptanceResult.Refuse(string.Empty, "This offer was made to an existing organization: sign in as its global administrator.");
        }

        // The same sign-up form sent twice (a double click): the first made the organization. It is recognised by the
        // form's one-time token and answered without signing anyone in: this path never authenticates a user.
        if (await FindBySubmissionAsync(item.ContentItemId, input.SubmissionId, cancellationToken) is { } earlier)
        {
            return new AcceptanceResult(AcceptanceOutcome.AlreadyAccepted, new Dictionary<string, string>(StringComparer.Ordinal), earlier);
        }

        // The organization is the Directory's to create (its sign-up service), in this transaction: a refused
        // acceptance leaves no organization behind.
        var errors = await signUps.ValidateAsync(input, SignUpPrefix, cancellationToken);
        if (errors.Count > 0)
        {
            return new AcceptanceResult(AcceptanceOutcome.Refused, errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var signedUp = await signUps.CreateAsync(input, offer.UsageLocation, SignUpPrefix, cancellationToken);
        if (!signedUp.Succeeded)
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            if (signedUp.DomainTakenMeanwhile && await FindBySubmissionAsync(item.ContentItemId, input.SubmissionId, cancellationToken) is { } first)
            {
                // The same form, sent twice at once: the other request made the organization.
                return new AcceptanceResult(AcceptanceOutcome.AlreadyAccepted, new Dictionary<string, string>(StringComparer.Ordinal), first);
            }

            return new AcceptanceResult(AcceptanceOutcome.Refused, signedUp.Errors);
        }

        var result = await RecordAsync(item, offer, signedUp.Organization!, signedUp.User!, signedUp: true, chosen, wantsDelegation, cancellationToken, SubmissionIdOrNull(input.SubmissionId));
        return await FinishAsync(transaction, item, offer, signedUp.Organization!, result, cancellationToken);
    }

    /// <summary>The acceptance row first (it is the lock: one per offer and organization), then the subscriptions.</summary>
    private async Task<AcceptanceResult> RecordAsync(
        ContentItem item, OfferPart offer, Organization organization, PartnerCmsUser user, bool signedUp,
        List<(Sku Sku, int Licences)> chosen, IReadOnlyList<string>? wantsDelegation, CancellationToken cancellationToken, string? submissionId = null)
    {
        var acceptance = new OfferAcceptance
        {
            OrganizationId = item.OrganizationId,
            OfferId = item.ContentItemId,
            QuoteId = offer.QuoteId,
            CustomerOrganizationId = organization.Id,
            CustomerName = organization.Name,
            AcceptedBy = user.UserName ?? user.Id,
            SignedUp = signedUp,
            DelegatedAdministrationAccepted = wantsDelegation is not null,
            Licences = chosen.Sum(c => c.Licences),
            AcceptedUtc = clock.GetUtcNow().UtcDateTime,
            SubmissionId = submissionId,
        };
        db.Add(acceptance);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation<OfferAcceptance>(db, nameof(OfferAcceptance.OfferId), nameof(OfferAcceptance.CustomerOrganizationId)))
        {
            return new AcceptanceResult(AcceptanceOutcome.AlreadyAccepted, new Dictionary<string, string>(StringComparer.Ordinal), null, user);
        }

        foreach (var (sku, count) in chosen)
        {
            if (sku.IsTrial && await subscriptions.HasEverHadAsync(organization.Id, sku.Code, cancellationToken))
            {
                return AcceptanceResult.Refuse(string.Empty, $"{organization.Name} has already had the {sku.Name}. A trial can be taken once; buy the subscription instead.");
            }

            var added = await subscriptions.AddAsync(organization.Id, sku, count, item.OrganizationId, cancellationToken);
            if (!added.Succeeded)
            {
                return AcceptanceResult.Refuse(string.Empty, added.Error! + " Nothing was accepted.");
            }
        }

        // R13/R15: delegated administration accepted with the offer makes the partner a delegated administrator now, in
        // this transaction — the customer's Partner relationships page and the partner's lookup show it at once.
        if (wantsDelegation is not null)
        {
            await relationships.GrantAsync(item.OrganizationId, organization.Id, acceptance.AcceptedBy, acceptedThrough: offer.QuoteId, endsUtc: offer.RelationshipEndsUtc,
                approvedRoles: wantsDelegation, durationDays: offer.RelationshipDays, autoExtend: offer.RelationshipAutoExtend, cancellationToken: cancellationToken);
        }

        return new AcceptanceResult(AcceptanceOutcome.Accepted, new Dictionary<string, string>(StringComparer.Ordinal), acceptance, user);
    }

    private async Task<AcceptanceResult> FinishAsync(
        Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, ContentItem item, OfferPart offer, Organization organization, AcceptanceResult result, CancellationToken cancellationToken)
    {
        if (result.Outcome != AcceptanceOutcome.Accepted)
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            if (result.Outcome == AcceptanceOutcome.AlreadyAccepted)
            {
                // Another request of the same organization accepted first: show what it made.
                var first = await FindAcceptanceAsync(item.ContentItemId, organization.Id, cancellationToken);
                return result with { Acceptance = first };
            }

            return result;
        }

        // The event is written in the acceptance's transaction: it is delivered if and only if the acceptance stands.
        var made = await subscriptions.ActiveThroughAdvisorAsync(organization.Id, item.OrganizationId, cancellationToken);
        var lines = offer.Lines.Select(l => l.SkuCode).ToHashSet(StringComparer.Ordinal);
        var accepted = made.Where(s => lines.Contains(s.SkuCode)).Select(s => new AcceptedSubscription(s.Id, s.SkuCode, s.SkuName, s.LicenceCount, s.IsTrial)).ToList();
        var correlation = "offer:" + item.ContentItemId;
        if (result.Acceptance!.SignedUp)
        {
            events.Raise(new CustomerSignedUp(item.ContentItemId, offer.QuoteId, item.OrganizationId, organization.Id, organization.Name, result.Acceptance.AcceptedBy), correlation);
        }

        events.Raise(new OfferAccepted(
            item.ContentItemId, offer.QuoteId, item.OrganizationId, organization.Id, result.Acceptance.AcceptedBy, result.Acceptance.SignedUp,
            result.Acceptance.DelegatedAdministrationAccepted, accepted),
            correlationId: correlation);
        if (accepted.Any(s => s.IsTrial))
        {
            var trialIds = accepted.Where(s => s.IsTrial).Select(s => s.SubscriptionId).ToHashSet(StringComparer.Ordinal);
            var ends = made.Where(s => trialIds.Contains(s.Id) && s.EndUtc != null).Select(s => s.EndUtc!.Value).DefaultIfEmpty(result.Acceptance.AcceptedUtc).Min();
            events.Raise(new TrialStarted(item.ContentItemId, offer.QuoteId, item.OrganizationId, organization.Id, result.Acceptance.AcceptedBy,
                ends, accepted.Where(s => s.IsTrial).ToList()), correlation);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        OffersMetrics.Accepted.Add(1,
            new KeyValuePair<string, object?>("signed_up", result.Acceptance.SignedUp),
            new KeyValuePair<string, object?>("delegated_administration", result.Acceptance.DelegatedAdministrationAccepted));
        OffersMetrics.LicencesAccepted.Add(result.Acceptance.Licences);
        return result;
    }

    private static string? SubmissionIdOrNull(string? submissionId) =>
        submissionId is { Length: >= 16 and <= 64 } && submissionId.All(char.IsAsciiLetterOrDigit) ? submissionId : null;

    private async Task<OfferAcceptance?> FindBySubmissionAsync(string offerId, string? submissionId, CancellationToken cancellationToken) =>
        SubmissionIdOrNull(submissionId) is { } id
            ? await db.Set<OfferAcceptance>().AcrossOrganizations(CustomerSide).AsNoTracking().FirstOrDefaultAsync(a => a.OfferId == offerId && a.SubmissionId == id, cancellationToken)
            : null;

    public Task<OfferAcceptance?> FindAcceptanceAsync(string offerId, string customerOrganizationId, CancellationToken cancellationToken = default) =>
        db.Set<OfferAcceptance>().AcrossOrganizations(CustomerSide).AsNoTracking()
            .FirstOrDefaultAsync(a => a.OfferId == offerId && a.CustomerOrganizationId == customerOrganizationId, cancellationToken);
}
