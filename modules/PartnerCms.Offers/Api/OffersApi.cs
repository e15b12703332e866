using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Api.Abstractions;
using PartnerCms.Core.Content;
using PartnerCms.Core.Data;
using PartnerCms.Core.Modules;
using PartnerCms.Offers.Models;
using PartnerCms.Offers.Services;

namespace PartnerCms.Offers.Api;

/// <summary>One line of an offer: a SKU and its licences (0 for a trial).</summary>
public sealed record ApiOfferLine(string Sku, int Licences);

/// <summary>A new offer, with the wizard's rules. <c>kind</c>: <c>trial</c>, <c>purchase</c> or <c>delegated-admin</c>.</summary>
public sealed class ApiOfferInput
{
    public string? Kind { get; set; }

    public string? OfficeId { get; set; }

    /// <summary>Trial and purchase offers: the usage location (a two-letter country code).</summary>
    public string? UsageLocation { get; set; }

    public List<ApiOfferLine>? Lines { get; set; }

    /// <summary>Trial and purchase offers: also ask for delegated administration.</summary>
    public bool IncludesDelegatedAdministration { get; set; }

    /// <summary>The last day the link can be opened (optional).</summary>
    public DateOnly? ExpiresOn { get; set; }

    /// <summary>Delegated-administration offers: the customer (from a lookup) it is made to, or none for a link any customer may answer.</summary>
    public string? CustomerId { get; set; }

    /// <summary>Delegated administration: the roles asked for (none: Full administration's).</summary>
    public List<string>? Roles { get; set; }

    /// <summary>Delegated administration: how long the relationship lasts, 1 to 730 days (365 when absent).</summary>
    public int? RelationshipDays { get; set; }

    /// <summary>Delegated administration: extend by six months at the end date (never with GlobalAdministrator).</summary>
    public bool AutoExtend { get; set; }
}

/// <summary>A request for delegated administration: the customer (from a lookup), the roles, how long.</summary>
public sealed class ApiRelationshipOfferInput
{
    public string? OfficeId { get; set; }

    public string? CustomerId { get; set; }

    public List<string>? Roles { get; set; }

    public int? RelationshipDays { get; set; }

    public bool AutoExtend { get; set; }

    public DateOnly? ExpiresOn { get; set; }
}

public sealed record ApiFunnel(int Views, int SignUps, int Acceptances, int Licences);

public sealed record ApiOffer(
    string QuoteId, string Kind, string Status, string OfficeId, string? UsageLocation, IReadOnlyList<ApiOfferLine> Lines, bool IncludesDelegatedAdministration,
    IReadOnlyList<string>? Roles, int? RelationshipDays, bool AutoExtend, string? CustomerId, string CreatedBy, DateTime CreatedUtc, DateTime? ExpiresUtc,
    string? Link = null, string? MessageSubject = null, string? MessageBody = null, ApiFunnel? Funnel = null);

public sealed record ApiAcceptance(string QuoteId, string CustomerId, string CustomerName, string AcceptedBy, bool SignedUp, bool DelegatedAdministrationAccepted, int Licences, DateTime AcceptedUtc);

/// <summary>Offers and acceptances through the API: the same service, rules, events and audit as the wizard.</summary>
public sealed class OffersApi : IApiEndpoints
{
    public void Map(RouteGroupBuilder v1)
    {
        var offers = v1.MapGroup("/offers").WithTags("Offers");
        offers.MapPost("", CreateAsync).RequireScope(ApiScopes.OffersWrite).WithName("CreateOffer").ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Create a trial, purchase or delegated-administration offer");
        offers.MapGet("", ListAsync).RequireScope(ApiScopes.OffersRead).WithName("ListOffers").WithSummary("List the organization's offers, newest first");
        offers.MapGet("/{quoteId}", GetAsync).RequireScope(ApiScopes.OffersRead).WithName("GetOffer").WithSummary("An offer with its link, message and funnel figures");
        offers.MapPost("/{quoteId}/withdraw", WithdrawAsync).RequireScope(ApiScopes.OffersWrite).WithName("WithdrawOffer")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Withdraw an offer: its link stops opening it (If-Match: the offer's ETag)");
        v1.MapPost("/relationships", OfferRelationshipAsync).RequireScope(ApiScopes.RelationshipsWrite).WithTags("Relationships").WithName("OfferRelationship")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Ask a customer for delegated administration: a delegated-administration offer (the same as kind delegated-admin)");
        v1.MapGet("/acceptances", AcceptancesAsync).RequireScope(ApiScopes.OffersRead).WithTags("Offers").WithName("ListAcceptances")
            .WithSummary("Acceptances of the organization's offers, newest first");
    }

    internal static async Task<Results<Created<ApiOffer>, ValidationProblem>> CreateAsync(ApiOfferInput input, HttpContext http, OfferService offers, OfferPresenter presenter, CancellationToken cancellationToken)
    {
        OfferKind? kind = input.Kind switch
        {
            "trial" => OfferKind.TrialInvitation,
            "purchase" => OfferKind.PurchaseOffer,
            "delegated-admin" => OfferKind.DelegatedAdministration,
            _ => null,
        };
        if (kind is null)
        {
            return ApiProblems.Invalid("kind", "Choose trial, purchase or delegated-admin.");
        }

        var delegation = kind == OfferKind.DelegatedAdministration || input.IncludesDelegatedAdministration;
        var result = await offers.CreateAsync(http.User.OrganizationId(), new OfferInput
        {
            Kind = kind.Value,
            OfficeId = input.OfficeId,
            UsageLocation = input.UsageLocation,
            Lines = (input.Lines ?? []).Where(l => l is not null).Select(l => new OfferLineInput { SkuCode = l.Sku, Licences = l.Licences }).ToList(),
            IncludesDelegatedAdministration = input.IncludesDelegatedAdministration,
            ExpiresOn = input.ExpiresOn?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            CustomerId = input.CustomerId,
            DelegatedRoles = delegation ? input.Roles : null,
            RelationshipDays = delegation ? input.RelationshipDays ?? Delegation.Models.RelationshipLifecycle.DefaultDays : null,
            AutoExtend = delegation && input.AutoExtend,
        }, http.User.ActorName(), cancellationToken);
        if (!result.Succeeded)
        {
            return ApiProblems.Invalid(result.Errors.ToDictionary(e => ApiField(e.Key), e => new[] { e.Value }, StringComparer.Ordinal));
        }

        var dto = await DetailAsync(result.Offer!, http, offers, presenter, null, cancellationToken);
        ApiETags.Set(http, ETagOf(result.Offer!));
        return TypedResults.Created($"/api/v1/offers/{dto.QuoteId}", dto);
    }

    internal static Task<Results<Created<ApiOffer>, ValidationProblem>> OfferRelationshipAsync(ApiRelationshipOfferInput input, HttpContext http, OfferService offers, OfferPresenter presenter, CancellationToken cancellationToken) =>
        CreateAsync(new ApiOfferInput
        {
            Kind = "delegated-admin",
            OfficeId = input.OfficeId,
            CustomerId = input.CustomerId,
            Roles = input.Roles,
            RelationshipDays = input.RelationshipDays,
            AutoExtend = input.AutoExtend,
            ExpiresOn = input.ExpiresOn,
        }, http, offers, presenter, cancellationToken);

    internal static async Task<Results<Ok<ApiPage<ApiOffer>>, ValidationProblem>> ListAsync(
        HttpContext http, PartnerCmsDbContext db, OfferService offers, ContentManager content, string? status, string? kind, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var (take, errors) = ApiPaging.Limit(limit);
        if (errors is not null)
        {
            return ApiProblems.Invalid(errors);
        }

        if (!ApiPaging.TryDecode(cursor, out var key) || !TryParseKey(key, out var afterUtc, out var afterId))
        {
            return ApiProblems.Invalid(ApiPaging.BadCursor());
        }

        var query = db.Set<OfferIndex>().AsNoTracking().ForOrganization(http.User.OrganizationId());
        if (status is not null)
        {
            if (!Enum.TryParse<OfferStatus>(status, ignoreCase: true, out var wanted) || !Enum.IsDefined(wanted) || status.Any(char.IsDigit))
            {
                return ApiProblems.Invalid("status", "Use active, withdrawn, expired or declined.");
            }

            query = query.Where(i => i.Status == wanted);
        }

        if (kind is not null)
        {
            OfferKind? wantedKind = kind switch { "trial" => OfferKind.TrialInvitation, "purchase" => OfferKind.PurchaseOffer, "delegated-admin" => OfferKind.DelegatedAdministration, _ => null };
            if (wantedKind is null)
            {
                return ApiProblems.Invalid("kind", "Use trial, purchase or delegated-admin.");
            }

            query = query.Where(i => i.Kind == wantedKind);
        }

        if (key is not null)
        {
            query = query.Where(i => i.CreatedUtc < afterUtc || (i.CreatedUtc == afterUtc && i.Id < afterId));
        }

        var rows = await query.OrderByDescending(i => i.CreatedUtc).ThenByDescending(i => i.Id).Take(take + 1)
            .Select(i => new { i.Id, i.CreatedUtc, i.ContentItemId }).ToListAsync(cancellationToken);
        var items = await content.GetManyAsync(rows.Select(r => r.ContentItemId).ToList(), cancellationToken: cancellationToken);
        var byId = items.ToDictionary(i => i.ContentItemId, StringComparer.Ordinal);
        return TypedResults.Ok(ApiPaging.Page(rows.Where(r => byId.ContainsKey(r.ContentItemId)).ToList(), take,
            r => r.CreatedUtc.Ticks.ToString(CultureInfo.InvariantCulture) + ":" + r.Id.ToString(CultureInfo.InvariantCulture),
            r => Summary(byId[r.ContentItemId], offers)));
    }

    internal static async Task<Results<Ok<ApiOffer>, ProblemHttpResult>> GetAsync(string quoteId, HttpContext http, OfferService offers, OfferPresenter presenter, PartnerCmsDbContext db, CancellationToken cancellationToken)
    {
        if (await OwnAsync(quoteId, http, offers, cancellationToken) is not { } item)
        {
            return ApiProblems.NotFound("offer");
        }

        var funnel = await FunnelAsync(db, item, cancellationToken);
        ApiETags.Set(http, ETagOf(item));
        return TypedResults.Ok(await DetailAsync(item, http, offers, presenter, funnel, cancellationToken));
    }

    internal static async Task<Results<Ok<ApiOffer>, ProblemHttpResult>> WithdrawAsync(string quoteId, HttpContext http, OfferService offers, OfferPresenter presenter, CancellationToken cancellationToken)
    {
        if (await OwnAsync(quoteId, http, offers, cancellationToken) is not { } item)
        {
            return ApiProblems.NotFound("offer");
        }

        if (!ApiETags.Matches(http, ETagOf(item)))
        {
            return ApiProblems.PreconditionFailed();
        }

        var part = item.Get<OfferPart>();
        if (offers.EffectiveStatus(part) != OfferStatus.Active)
        {
            return ApiProblems.Conflict($"The offer is {offers.EffectiveStatus(part).ToString().ToLowerInvariant()}; only an active offer can be withdrawn.");
        }

        await offers.WithdrawAsync(http.User.OrganizationId(), part.QuoteId, http.User.ActorName(), cancellationToken);
        var withdrawn = (await offers.FindByQuoteIdAsync(part.QuoteId, cancellationToken))!;
        ApiETags.Set(http, ETagOf(withdrawn));
        return TypedResults.Ok(await DetailAsync(withdrawn, http, offers, presenter, null, cancellationToken));
    }

    internal static async Task<Results<Ok<ApiPage<ApiAcceptance>>, ValidationProblem>> AcceptancesAsync(HttpContext http, PartnerCmsDbContext db, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var (take, errors) = ApiPaging.Limit(limit);
        if (errors is not null)
        {
            return ApiProblems.Invalid(errors);
        }

        if (!ApiPaging.TryDecodeId(cursor, out var afterId))
        {
            return ApiProblems.Invalid(ApiPaging.BadCursor());
        }

        var rows = await db.Set<OfferAcceptance>().AsNoTracking().ForOrganization(http.User.OrganizationId()).Where(a => a.Id < afterId)
            .OrderByDescending(a => a.Id).Take(take + 1).ToListAsync(cancellationToken);
        return TypedResults.Ok(ApiPaging.Page(rows, take, a => a.Id.ToString(CultureInfo.InvariantCulture),
            a => new ApiAcceptance(a.QuoteId, a.CustomerOrganizationId, a.CustomerName, a.AcceptedBy, a.SignedUp, a.DelegatedAdministrationAccepted, a.Licences, a.AcceptedUtc)));
    }

    private static async Task<ContentItem?> OwnAsync(string quoteId, HttpContext http, OfferService offers, CancellationToken cancellationToken)
    {
        var item = QuoteIds.Normalize(quoteId) is { } normalized ? await offers.FindByQuoteIdAsync(normalized, cancellationToken) : null;
        return item is not null && item.OrganizationId == http.User.OrganizationId() ? item : null;
    }

    private static async Task<ApiFunnel> FunnelAsync(PartnerCmsDbContext db, ContentItem item, CancellationToken cancellationToken)
    {
        var views = await db.Set<OfferDailyViews>().AsNoTracking().ForOrganization(item.OrganizationId).Where(v => v.OfferId == item.ContentItemId).SumAsync(v => v.Views, cancellationToken);
        var accepted = await db.Set<OfferAcceptance>().AsNoTracking().ForOrganization(item.OrganizationId).Where(a => a.OfferId == item.ContentItemId)
            .GroupBy(a => 1).Select(g => new { Count = g.Count(), SignUps = g.Sum(a => a.SignedUp ? 1 : 0), Licences = g.Sum(a => a.Licences) }).FirstOrDefaultAsync(cancellationToken);
        return new ApiFunnel(views, accepted?.SignUps ?? 0, accepted?.Count ?? 0, accepted?.Licences ?? 0);
    }

    private static async Task<ApiOffer> DetailAsync(ContentItem item, HttpContext http, OfferService offers, OfferPresenter presenter, ApiFunnel? funnel, CancellationToken cancellationToken)
    {
        var part = item.Get<OfferPart>();
        var link = presenter.LinkFor(part, http.Request);
        var message = await presenter.RenderMessageAsync(item, link, cancellationToken);
        return Summary(item, offers) with { Link = link, MessageSubject = message.Subject, MessageBody = message.Body, Funnel = funnel };
    }

    private static ApiOffer Summary(ContentItem item, OfferService offers)
    {
        var part = item.Get<OfferPart>();
        var delegation = part.Kind == OfferKind.DelegatedAdministration || part.IncludesDelegatedAdministration;
        return new ApiOffer(
            part.QuoteId, KindName(part.Kind), offers.EffectiveStatus(part).ToString().ToLowerInvariant(), part.OfficeId, string.IsNullOrEmpty(part.UsageLocation) ? null : part.UsageLocation,
            part.Lines.Select(l => new ApiOfferLine(l.SkuCode, l.Licences)).ToList(), part.IncludesDelegatedAdministration,
            delegation ? part.AskedRoles : null, delegation ? part.RelationshipDays : null, part.RelationshipAutoExtend, part.CustomerOrganizationId, part.CreatedBy, item.CreatedUtc, part.ExpiresUtc);
    }

    /// <summary>What an If-Match must name to change the offer: its status and version.</summary>
    private static string ETagOf(ContentItem item) => ApiETags.Of(item.ContentItemVersionId + ":" + item.Get<OfferPart>().Status);

    internal static string KindName(OfferKind kind) => kind switch
    {
        OfferKind.TrialInvitation => "trial",
        OfferKind.PurchaseOffer => "purchase",
        _ => "delegated-admin",
    };

    /// <summary>The wizard's field names as the API's JSON names them.</summary>
    private static string ApiField(string field) => field switch
    {
        "" => "offer",
        "Skus" or "Licences" => "lines",
        "Days" => "relationshipDays",
        _ when field.StartsWith("Licences[", StringComparison.Ordinal) => "lines",
        _ => char.ToLowerInvariant(field[0]) + field[1..],
    };

    private static bool TryParseKey(string? key, out DateTime afterUtc, out long afterId)
    {
        afterUtc = default;
        afterId = 0;
        if (key is null)
        {
            return true;
        }

        var parts = key.Split(':');
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) || ticks > DateTime.MaxValue.Ticks
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out afterId))
        {
            return false;
        }

        afterUtc = new DateTime(ticks, DateTimeKind.Utc);
        return true;
    }
}

/// <summary>The offers module's API endpoints and scopes, while the API module is on.</summary>
[RequireModules("PartnerCms.Api")]
public sealed class OffersApiStartup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddApiEndpoints<OffersApi>();
        services.AddApiScope(ApiScopes.OffersRead, "Read offers (with their link, message and funnel) and acceptances", OffersPermissionNames.CreateOffers);
        services.AddApiScope(ApiScopes.OffersWrite, "Create and withdraw offers", OffersPermissionNames.CreateOffers);
        services.AddApiScope(ApiScopes.RelationshipsWrite, "Ask customers for delegated administration", OffersPermissionNames.CreateOffers);

        // The offers module's events as webhook events.
        static object Subscriptions(IReadOnlyList<AcceptedSubscription> subscriptions) => subscriptions.Select(s => new { sku = s.SkuCode, s.Licences, s.IsTrial }).ToList();
        services.AddWebhookEvent<OfferCreated>(WebhookEventTypes.OfferCreated, e => [e.PartnerOrganizationId],
            e => new { e.QuoteId, kind = OffersApi.KindName(e.Kind), e.CreatedBy });
        services.AddWebhookEvent<OfferFirstViewed>(WebhookEventTypes.OfferViewed, e => [e.PartnerOrganizationId], e => new { e.QuoteId, e.ViewedUtc });
        services.AddWebhookEvent<OfferAccepted>(WebhookEventTypes.OfferAccepted, e => [e.PartnerOrganizationId, e.CustomerOrganizationId],
            e => new { e.QuoteId, partnerId = e.PartnerOrganizationId, customerId = e.CustomerOrganizationId, e.AcceptedBy, e.SignedUp, e.DelegatedAdministrationAccepted, subscriptions = Subscriptions(e.Subscriptions) });
        services.AddWebhookEvent<OfferWithdrawn>(WebhookEventTypes.OfferWithdrawn, e => [e.PartnerOrganizationId], e => new { e.QuoteId, e.WithdrawnBy });
        services.AddWebhookEvent<TrialStarted>(WebhookEventTypes.TrialStarted, e => [e.PartnerOrganizationId, e.CustomerOrganizationId],
            e => new { e.QuoteId, partnerId = e.PartnerOrganizationId, customerId = e.CustomerOrganizationId, e.AcceptedBy, e.EndsUtc, subscriptions = Subscriptions(e.Subscriptions) });
        services.AddWebhookEvent<CustomerSignedUp>(WebhookEventTypes.CustomerSignedUp, e => [e.PartnerOrganizationId],
            e => new { e.QuoteId, customerId = e.CustomerOrganizationId, e.CustomerName, e.SignedUpBy });
    }
}
