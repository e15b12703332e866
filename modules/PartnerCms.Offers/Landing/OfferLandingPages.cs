using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using PartnerCms.Core.Content;
using PartnerCms.Core.Events;
using PartnerCms.Core.Liquid;
using PartnerCms.Core.Localization;
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
public sealed class OfferLandingPages(
    OfferService offers, OfferPresenter presenter, LiquidTemplateService liquid, ILandingLayout layout, PortalCultures cultures, IStringLocalizer<LandingStrings> strings)
{
    /// <summary>The visitor's choice of language: ?lang=de-DE on a landing page, kept in this cookie for the pages after it.</summary>
    public const string CultureCookie = LandingConventions.CultureCookie;

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
        var cultures = services.GetRequiredService<PortalCultures>();
        var experiments = (services.GetRequiredService<RunningExperiments>(), services.GetRequiredService<ExperimentViewCounter>());
        endpoints.MapGet("/offers/{quoteId}", context => HandleAsync(context, (string)context.Request.RouteValues["quoteId"]!, cache, counter, signer, clock, publishViews, cultures, experiments))
            .ShortCircuit();
    }

    public Task<byte[]> RenderOfferAsync(ContentItem item, string acceptUrl, CancellationToken cancellationToken) =>
        RenderOfferAsync(item, acceptUrl, [], null, cancellationToken);

    /// <summary>
    /// The offer's landing page in the visitor's language: the first of <paramref name="preferences"/> the partner
    /// publishes texts in, else the offer's usage location's culture, else en-US (dates and numbers follow it); with a
    /// language switcher among the partner's cultures when <paramref name="switchUrl"/> is given. With
    /// <paramref name="texts"/> (a headline experiment's variant, Liquid as the branding's), those show instead of the
    /// branding's headline and introduction.
    /// </summary>
    public async Task<byte[]> RenderOfferAsync(ContentItem item, string acceptUrl, IReadOnlyList<CultureInfo> preferences, Func<CultureInfo, string>? switchUrl, CancellationToken cancellationToken, (string Headline, string Introduction)? texts = null)
    {
        var offer = item.Get<OfferPart>();
        var available = await presenter.LandingCulturesAsync(item.OrganizationId, cancellationToken);
        var culture = PortalCultures.Choose(preferences, cultures.ForCountry(offer.UsageLocation), available);
        using var speaking = culture.Name == CultureOptions.Default ? null : LiquidCulture.Use(culture, strings);
        using var forPartner = LiquidOrganization.Use(item.OrganizationId);
        var branding = await presenter.BrandingInCultureAsync(item.OrganizationId, culture, cancellationToken);
        branding.SubscriptionsOnPage = offer.Kind != OfferKind.DelegatedAdministration;

        // The offer's own link preview, where its sender wrote one.
        branding.ShareTitle = offer.ShareTitle is { Length: > 0 } shareTitle ? shareTitle : branding.ShareTitle;
        branding.ShareDescription = offer.ShareDescription is { Length: > 0 } shareDescription ? shareDescription : branding.ShareDescription;
        if (await presenter.ShareImageAsync(item.OrganizationId, offer.ShareImageId, cancellationToken) is { } shareImage)
        {
            (branding.ShareImageUrl, branding.ShareImageAlt) = shareImage;
        }

        if (texts is { } variant)
        {
            var partner = new Dictionary<string, object?>(StringComparer.Ordinal) { ["partner"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = branding.Name, ["partner_id"] = branding.PartnerId } };
            branding.Headline = await PlainAsync(variant.Headline, partner, cancellationToken);
            branding.Introduction = await PlainAsync(variant.Introduction, partner, cancellationToken);
        }

        if (switchUrl is not null && available.Count > 1)
        {
            branding.Cultures = available.Select(c => new LandingCultureModel { Name = c.Name, NativeName = c.NativeName, Url = switchUrl(c), Current = c.Equals(culture) }).ToList();
        }

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
            OfferKind.TrialInvitation => Text("Trial invitation {0}", offer.QuoteId),
            OfferKind.DelegatedAdministration => Text("Delegated administration {0}", offer.QuoteId),
            _ => Text("Offer {0}", offer.QuoteId),
        };
        return Encoding.UTF8.GetBytes(Compact(await layout.RenderAsync(branding, title, body, cancellationToken)));
    }

    private async Task<string> PlainAsync(string source, IReadOnlyDictionary<string, object?> model, CancellationToken cancellationToken)
    {
        try
        {
            return string.IsNullOrWhiteSpace(source) ? string.Empty : (await liquid.RenderAsync(source, model, html: false, cancellationToken: cancellationToken)).Trim();
        }
        catch (LiquidTemplateException)
        {
            return string.Empty;
        }
    }

    /// <summary>The portal strings this class translates in C# (the page titles); LandingStrings' resources hold them.</summary>
    public static IReadOnlyList<string> TranslatedTexts { get; } =
    [
        "Trial invitation {0}", "Delegated administration {0}", "Offer {0}",
        "This offer has been withdrawn", "The partner who sent it has withdrawn this offer, so it can no longer be accepted.",
        "This offer has expired", "This offer was open until a date that has passed, so it can no longer be accepted.",
        "This offer link is not valid", "The link is incomplete or has been changed. Offer links work only exactly as the partner sent them.",
    ];

    /// <summary>A portal string in the culture being spoken (English outside a culture's scope).</summary>
    private string Text(string text, params object[] arguments) =>
        LiquidCulture.Current is null ? string.Format(CultureInfo.InvariantCulture, text, arguments) : strings[text, arguments].Value;

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

    public Task<(int Status, byte[] Html)> RenderUnavailableAsync(OfferLinkState state, ContentItem? item, CancellationToken cancellationToken) =>
        RenderUnavailableAsync(state, item, [], cancellationToken);

    /// <summary>The friendly page of a link that leads to no open offer, in the visitor's language (the partner's, when known).</summary>
    public async Task<(int Status, byte[] Html)> RenderUnavailableAsync(OfferLinkState state, ContentItem? item, IReadOnlyList<CultureInfo> preferences, CancellationToken cancellationToken)
    {
        var available = item is null ? cultures.Enabled : await presenter.LandingCulturesAsync(item.OrganizationId, cancellationToken);
        var culture = PortalCultures.Choose(preferences, null, available);
        using var speaking = culture.Name == CultureOptions.Default ? null : LiquidCulture.Use(culture, strings);
        using var forPartner = item is null ? null : LiquidOrganization.Use(item.OrganizationId);
        var (status, title, message) = UnavailableText(state);
        var branding = item is null ? null : await presenter.BrandingInCultureAsync(item.OrganizationId, culture, cancellationToken);
        var model = new Dictionary<string, object?>(StringComparer.Ordinal) { ["reason"] = state.ToString().ToLowerInvariant(), ["title"] = title, ["message"] = message };
        var body = await liquid.RenderAsync(UnavailableTemplate.Value, model, html: true, cacheKey: "landing:unavailable", cancellationToken);
        return (status, Encoding.UTF8.GetBytes(await layout.RenderAsync(branding, Text(title), body, cancellationToken)));
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

    private static async Task HandleAsync(
        HttpContext context, string quoteId, LandingPageCache cache, OfferViewCounter counter, OfferLinkSigner signer, TimeProvider clock, bool publishViews, PortalCultures cultures,
        (RunningExperiments Running, ExperimentViewCounter Views) experiments)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var rawQuery = context.Request.QueryString.Value ?? string.Empty;

        // The visitor's languages in order (their choice, then Accept-Language) among the enabled ones: the page is
        // cached per such list, since the partner's cultures and the offer decide the rest.
        // The query is parsed only when it may hold one: a cached page answers on the raw text of its link.
        var chosen = rawQuery.Contains("lang", StringComparison.OrdinalIgnoreCase) ? cultures.Find(context.Request.Query["lang"].ToString()) : null;
        var (preferences, variant) = cultures.VisitorPreferences(chosen?.Name ?? context.Request.Cookies[CultureCookie], context.Request.Headers.AcceptLanguage.ToString());
        if (chosen is not null)
        {
            LandingConventions.KeepCultureChoice(context, chosen);
        }

        var page = await cache.GetAsync(quoteId, variant, context.RequestAborted);
        string Advisor() => context.Request.Query["advisor"].ToString();
        string Signature() => context.Request.Query["sig"].ToString();
        if (page is null || !string.Equals(page.Query, rawQuery, StringComparison.Ordinal))
        {
            var (advisor, signature) = (Advisor(), Signature());
            if (page is null || page.AdvisorCode != advisor || !signer.IsValid(quoteId, advisor, signature))
            {
                page = await RenderAsync(context, quoteId, advisor, signature, rawQuery, cache, clock, preferences, variant);
                if (page is null)
                {
                    return;
                }
            }
        }

        // A headline experiment of the partner: pages in the default language show the visitor's variant (the page above,
        // valid for this link, told us whose offer it is), cached per variant.
        if (IsDefaultLanguage(page.Language) && await experiments.Running.GetAsync(page.OrganizationId, context.RequestAborted) is { } experiment)
        {
            var visitor = context.Request.Cookies[HeadlineExperiments.VisitorCookie];
            if (!HeadlineExperiments.IsVisitorId(visitor))
            {
                visitor = HeadlineExperiments.NewVisitorId();
                context.Response.Cookies.Append(HeadlineExperiments.VisitorCookie, visitor, new CookieOptions { Path = "/", HttpOnly = true, Secure = context.Request.IsHttps, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365), IsEssential = true });
            }

            var arm = HeadlineExperiments.VariantFor(experiment.Id, experiment.SplitB, visitor!);
            var armKey = variant + "|xp" + experiment.Id.ToString(CultureInfo.InvariantCulture) + arm;
            var armPage = await cache.GetAsync(quoteId, armKey, context.RequestAborted);
            if (armPage is null || !string.Equals(armPage.Query, rawQuery, StringComparison.Ordinal))
            {
                var texts = arm == "A" ? (experiment.HeadlineA, experiment.IntroductionA) : (experiment.HeadlineB, experiment.IntroductionB);
                armPage = await RenderAsync(context, quoteId, Advisor(), Signature(), rawQuery, cache, clock, preferences, armKey, texts);
                if (armPage is null)
                {
                    return;
                }
            }

            page = armPage;
            experiments.Views.Count(experiment.Id, arm, page.OrganizationId);
        }

        counter.Count(page.OfferId, page.OrganizationId, now, quoteId);
        if (publishViews)
        {
            context.RequestServices.GetRequiredService<EventOutbox>().Raise(new OfferViewed(page.OfferId, quoteId, page.OrganizationId, now), correlationId: "offer:" + page.OfferId);
            await context.RequestServices.GetRequiredService<PartnerCms.Core.Data.PartnerCmsDbContext>().SaveChangesAsync(context.RequestAborted);
        }

        var response = context.Response;
        response.Headers.Vary = "Accept-Encoding, Accept-Language, Cookie";
        response.Headers.ContentLanguage = page.Language;
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
    private static async Task<CachedLandingPage?> RenderAsync(
        HttpContext context, string quoteId, string advisor, string signature, string rawQuery, LandingPageCache cache, TimeProvider clock, IReadOnlyList<CultureInfo> preferences, string variant,
        (string Headline, string Introduction)? texts = null)
    {
        var pages = context.RequestServices.GetRequiredService<OfferLandingPages>();
        var (state, item) = await pages.ResolveAsync(quoteId, advisor, signature, context.RequestAborted);
        if (state != OfferLinkState.Open)
        {
            var (status, html) = await pages.RenderUnavailableAsync(state, item, preferences, context.RequestAborted);
            await WriteAsync(context, status, html);
            return null;
        }

        var offer = item!.Get<OfferPart>();
        var pathBase = context.Request.PathBase;
        string SwitchUrl(CultureInfo culture) =>
            $"{pathBase}/offers/{Uri.EscapeDataString(quoteId)}?advisor={Uri.EscapeDataString(advisor)}&sig={Uri.EscapeDataString(signature)}&lang={Uri.EscapeDataString(culture.Name)}";
        var html200 = await pages.RenderOfferAsync(item, AcceptUrl(context.Request, quoteId, advisor, signature), preferences, SwitchUrl, context.RequestAborted, texts);
        var validFor = LandingPageCache.TimeToLive;
        if (offer.ExpiresUtc is { } expires && expires - clock.GetUtcNow().UtcDateTime < validFor)
        {
            validFor = expires - clock.GetUtcNow().UtcDateTime;
        }

        var page = CachedLandingPage.Create(item.ContentItemId, item.OrganizationId, advisor, rawQuery, html200, LanguageOf(html200));
        await cache.SetAsync(quoteId, variant, page, validFor, context.RequestAborted);

        // Withdrawn between our read and our write? Its withdrawal's tombstone may have come before our page: read
        // again, after the write, and take the page back out if so.
        if (!await context.RequestServices.GetRequiredService<OfferService>().IsOpenAsync(quoteId, context.RequestAborted))
        {
            await cache.RemoveOfferAsync(item.ContentItemId, quoteId, context.RequestAborted);
        }

        return page;
    }

    /// <summary>
    /// The culture an offer's other customer-facing pages (accept, accepted) speak for this request: the visitor's
    /// choice (cookie), Accept-Language, the usage location, en-US — among the partner's cultures, as its landing page.
    /// </summary>
    public IReadOnlyList<CultureInfo> Preferences(HttpRequest request) => cultures.Preferences(request.Cookies[CultureCookie], request.Headers.AcceptLanguage.ToString());

    public async Task<CultureInfo> CultureForAsync(HttpRequest request, ContentItem item, CancellationToken cancellationToken)
    {
        var preferences = Preferences(request);
        var available = await presenter.LandingCulturesAsync(item.OrganizationId, cancellationToken);
        return PortalCultures.Choose(preferences, cultures.ForCountry(item.Get<OfferPart>().UsageLocation), available);
    }

    private static bool IsDefaultLanguage(string language) => language == "en" || string.Equals(language, CultureOptions.Default, StringComparison.OrdinalIgnoreCase);

    /// <summary>The lang attribute the page was rendered with (the html element's, at its start).</summary>
    private static string LanguageOf(byte[] html)
    {
        var head = Encoding.UTF8.GetString(html, 0, Math.Min(html.Length, 512));
        var at = head.IndexOf("lang=\"", StringComparison.Ordinal);
        var end = at < 0 ? -1 : head.IndexOf('"', at + 6);
        return end > at + 6 && end - at < 48 ? head[(at + 6)..end] : "en";
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
