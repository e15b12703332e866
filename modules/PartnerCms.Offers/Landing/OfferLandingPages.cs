using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Content;
using PartnerCms.Core.Events;
using PartnerCms.Core.Liquid;
using PartnerCms.Core.Validation;
using PartnerCms.Landing;
using PartnerCms.Offers.Models;
using PartnerCms.Offers.Services;

namespace PartnerCms.Offers.Landing;

/// <summary>
/// The customer's landing page (R12): GET /offers/{quoteId}?advisor=…&amp;sig=…, anonymous. The page body is the
/// module's Liquid template (Landing/offer.liquid) inside the landing theme's Liquid layout. Rendered pages are cached
/// (<see cref="LandingPageCache"/>), views are counted in memory, and the endpoint skips the rest of the pipeline
/// (authentication, MVC) because it needs none of it.
/// </summary>
public sealed class OfferLandingPages(OfferService offers, OfferPresenter presenter, LiquidTemplateService liquid, ILandingLayout layout)
{
    private static readonly Lazy<string> OfferTemplate = new(() => Resource("offer.liquid"));
    private static readonly Lazy<string> UnavailableTemplate = new(() => Resource("unavailable.liquid"));

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        // The hot path: singletons resolved once, no DI scope per request unless the page must be rendered or someone
        // listens to OfferViewed (a workflow); a plain RequestDelegate, so no parameter binding either.
        var services = endpoints.ServiceProvider;
        var cache = services.GetRequiredService<LandingPageCache>();
        var counter = services.GetRequiredService<OfferViewCounter>();
        var signer = services.GetRequiredService<OfferLinkSigner>();
        var clock = services.GetRequiredService<TimeProvider>();
        var publishViews = services.GetRequiredService<EventTypes>().HasHandlers(typeof(OfferViewed));
        endpoints.MapGet("/offers/{quoteId}", context => HandleAsync(context, (string)context.Request.RouteValues["quoteId"]!, cache, counter, signer, clock, publishViews))
            .ShortCircuit();
    }

    public async Task<byte[]> RenderOfferAsync(ContentItem item, string acceptUrl, CancellationToken cancellationToken)
    {
        var offer = item.Get<OfferPart>();
        var branding = await presenter.BrandingAsync(item.OrganizationId, cancellationToken);
        branding.SubscriptionsOnPage = offer.Kind != OfferKind.DelegatedAdministration;
        var model = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["partner"] = branding,
            ["offer"] = new LandingOfferModel
            {
                QuoteId = offer.QuoteId,
                IsTrial = offer.Kind == OfferKind.TrialInvitation,
                IncludesDelegatedAdministration = offer.IncludesDelegatedAdministration,
                IsDelegatedAdministration = offer.Kind == OfferKind.DelegatedAdministration,
                RelationshipEndsOn = offer.RelationshipEndsUtc?.Date,
                ExpiresOn = offer.ExpiresUtc?.Date,
                UsageLocation = CountriesAndRegions.NameOf(offer.UsageLocation),
                AcceptUrl = acceptUrl,
                Subscriptions = offer.Lines.Select(l => new LandingSubscriptionModel { Sku = l.SkuCode, Name = l.SkuName, Licences = l.Licences, TrialDays = l.TrialDays ?? 0 }).ToList(),
            },
        };
        var body = await liquid.RenderAsync(OfferTemplate.Value, model, html: true, cacheKey: "landing:offer", cancellationToken);
        var title = offer.Kind switch
        {
            OfferKind.TrialInvitation => "Trial invitation " + offer.QuoteId,
            OfferKind.DelegatedAdministration => "Delegated administration " + offer.QuoteId,
            _ => "Offer " + offer.QuoteId,
        };
        return Encoding.UTF8.GetBytes(Compact(await layout.RenderAsync(branding, title, body, cancellationToken)));
    }

    /// <summary>
    /// Drops the templates' indentation (a quarter of the page) from a page rendered once and sent many times. Pages with
    /// preformatted text keep it, since there white space is content.
    /// </summary>
    public static string Compact(string html)
    {
        if (html.Contains("<pre", StringComparison.OrdinalIgnoreCase) || html.Contains("<textarea", StringComparison.OrdinalIgnoreCase) || html.Contains("white-space", StringComparison.OrdinalIgnoreCase))
        {
            return html;
        }

        var builder = new StringBuilder(html.Length);
        foreach (var line in html.AsSpan().EnumerateLines())
        {
            var trimmed = line.Trim();
            if (!trimmed.IsEmpty)
            {
                builder.Append(trimmed).Append('\n');
            }
        }

        return builder.ToString();
    }

    public async Task<(int Status, byte[] Html)> RenderUnavailableAsync(OfferLinkState state, ContentItem? item, CancellationToken cancellationToken)
    {
        var (status, title, message) = UnavailableText(state);
        var branding = item is null ? null : await presenter.BrandingAsync(item.OrganizationId, cancellationToken);
        var model = new Dictionary<string, object?>(StringComparer.Ordinal) { ["reason"] = state.ToString().ToLowerInvariant(), ["title"] = title, ["message"] = message };
        var body = await liquid.RenderAsync(UnavailableTemplate.Value, model, html: true, cacheKey: "landing:unavailable", cancellationToken);
        return (status, Encoding.UTF8.GetBytes(await layout.RenderAsync(branding, title, body, cancellationToken)));
    }

    /// <summary>Why a link does not lead to an open offer, in the customer's words.</summary>
    public static (int Status, string Title, string Message) UnavailableText(OfferLinkState state) => state switch
    {
        OfferLinkState.Withdrawn => (StatusCodes.Status410Gone, "This offer has been withdrawn", "The partner who sent it has withdrawn this offer, so it can no longer be accepted."),
        OfferLinkState.Expired => (StatusCodes.Status410Gone, "This offer has expired", "This offer was open until a date that has passed, so it can no longer be accepted."),
        _ => (StatusCodes.Status404NotFound, "This offer link is not valid", "The link is incomplete or has been changed. Offer links work only exactly as the partner sent them."),
    };

    public static string AcceptUrl(HttpRequest request, string quoteId, string advisor, string signature) =>
        $"{request.PathBase}/offers/{Uri.EscapeDataString(quoteId)}/accept?advisor={Uri.EscapeDataString(advisor)}&sig={Uri.EscapeDataString(signature)}";

    private static async Task HandleAsync(HttpContext context, string quoteId, LandingPageCache cache, OfferViewCounter counter, OfferLinkSigner signer, TimeProvider clock, bool publishViews)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var rawQuery = context.Request.QueryString.Value ?? string.Empty;
        var page = await cache.GetAsync(quoteId, context.RequestAborted);
        if (page is null || !string.Equals(page.Query, rawQuery, StringComparison.Ordinal))
        {
            var query = context.Request.Query;
            var advisor = query["advisor"].ToString();
            var signature = query["sig"].ToString();
            if (page is null || page.AdvisorCode != advisor || !signer.IsValid(quoteId, advisor, signature))
            {
                page = await RenderAsync(context, quoteId, advisor, signature, rawQuery, cache, clock);
                if (page is null)
                {
                    return;
                }
            }
        }

        counter.Count(page.OfferId, page.OrganizationId, now, quoteId);
        if (publishViews)
        {
            context.RequestServices.GetRequiredService<EventOutbox>().Raise(new OfferViewed(page.OfferId, quoteId, page.OrganizationId, now), correlationId: "offer:" + page.OfferId);
            await context.RequestServices.GetRequiredService<PartnerCms.Core.Data.PartnerCmsDbContext>().SaveChangesAsync(context.RequestAborted);
        }

        var response = context.Response;
        response.Headers.Vary = "Accept-Encoding";
        if (AcceptsGzip(context.Request))
        {
            response.Headers.ContentEncoding = "gzip";
            await WriteAsync(context, StatusCodes.Status200OK, page.Gzip);
        }
        else
        {
            await WriteAsync(context, StatusCodes.Status200OK, page.Html);
        }
    }

    private static bool AcceptsGzip(HttpRequest request)
    {
        var accept = request.Headers.AcceptEncoding.ToString();
        return accept.Contains("gzip", StringComparison.OrdinalIgnoreCase) && !accept.Contains("gzip;q=0", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Checks the link in full and renders the page (cached), or answers with the friendly page and returns null.</summary>
    private static async Task<CachedLandingPage?> RenderAsync(HttpContext context, string quoteId, string advisor, string signature, string rawQuery, LandingPageCache cache, TimeProvider clock)
    {
        var pages = context.RequestServices.GetRequiredService<OfferLandingPages>();
        var (state, item) = await pages.ResolveAsync(quoteId, advisor, signature, context.RequestAborted);
        if (state != OfferLinkState.Open)
        {
            var (status, html) = await pages.RenderUnavailableAsync(state, item, context.RequestAborted);
            await WriteAsync(context, status, html);
            return null;
        }

        var offer = item!.Get<OfferPart>();
        var html200 = await pages.RenderOfferAsync(item, AcceptUrl(context.Request, quoteId, advisor, signature), context.RequestAborted);
        var validFor = LandingPageCache.TimeToLive;
        if (offer.ExpiresUtc is { } expires && expires - clock.GetUtcNow().UtcDateTime < validFor)
        {
            validFor = expires - clock.GetUtcNow().UtcDateTime;
        }

        var page = CachedLandingPage.Create(item.ContentItemId, item.OrganizationId, advisor, rawQuery, html200);
        await cache.SetAsync(quoteId, page, validFor, context.RequestAborted);

        // Withdrawn between our read and our write? Its withdrawal's tombstone may have come before our page: read
        // again, after the write, and take the page back out if so.
        if (!await context.RequestServices.GetRequiredService<OfferService>().IsOpenAsync(quoteId, context.RequestAborted))
        {
            await cache.RemoveOfferAsync(item.ContentItemId, quoteId, context.RequestAborted);
        }

        return page;
    }

    public Task<(OfferLinkState State, ContentItem? Offer)> ResolveAsync(string quoteId, string advisor, string signature, CancellationToken cancellationToken) =>
        offers.ResolveLinkAsync(quoteId, advisor, signature, cancellationToken);

    private static Task WriteAsync(HttpContext context, int status, ReadOnlyMemory<byte> html)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        response.ContentLength = html.Length;
        response.Headers.CacheControl = "no-cache";
        response.Headers.ContentSecurityPolicy = PartnerCms.Landing.LandingConventions.ContentSecurityPolicy;
        return response.Body.WriteAsync(html, context.RequestAborted).AsTask();
    }

    private static string Resource(string name)
    {
        using var stream = typeof(OfferLandingPages).Assembly.GetManifestResourceStream("PartnerCms.Offers.Landing." + name)
            ?? throw new InvalidOperationException($"The landing template {name} is missing from the Offers module.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>A real offer's landing page rendered now (not cached), for the branding preview: only the organization's own offers.</summary>
public sealed class OfferLandingPreview(OfferService offers, OfferLandingPages pages, PartnerCms.Core.Data.PartnerCmsDbContext db, TimeProvider clock) : ILandingPreviewRenderer
{
    public async Task<IReadOnlyList<(string QuoteId, string Label)>> OffersAsync(string organizationId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.Set<OfferIndex>().Where(o => o.OrganizationId == organizationId && o.Status == OfferStatus.Active && (o.ExpiresUtc == null || o.ExpiresUtc > now))
                .OrderByDescending(o => o.CreatedUtc).Take(50).Select(o => new { o.QuoteId, o.Kind }), cancellationToken);
        return rows.Select(r => (r.QuoteId, $"{r.QuoteId} ({KindName(r.Kind)})")).ToList();
    }

    /// <summary>The kind as marketing reads it in the preview's list of offers.</summary>
    private static string KindName(OfferKind kind) => kind switch
    {
        OfferKind.TrialInvitation => "trial invitation",
        OfferKind.PurchaseOffer => "purchase offer",
        _ => "delegated-administration offer",
    };

    public async Task<string?> RenderOfferAsync(string organizationId, string quoteId, CancellationToken cancellationToken = default)
    {
        var item = Services.QuoteIds.Normalize(quoteId) is { } normalized ? await offers.FindByQuoteIdAsync(normalized, cancellationToken) : null;
        if (item is null || item.OrganizationId != organizationId)
        {
            return null;
        }

        return Encoding.UTF8.GetString(await pages.RenderOfferAsync(item, "#preview", cancellationToken));
    }
}
