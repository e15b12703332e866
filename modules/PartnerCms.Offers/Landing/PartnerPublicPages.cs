using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using PartnerCms.Core.Data;
using PartnerCms.Core.Liquid;
using PartnerCms.Core.Localization;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Validation;
using PartnerCms.Landing;
using PartnerCms.Offers.Services;
using PartnerCms.Partners.Services;

namespace PartnerCms.Offers.Landing;

/// <summary>
/// A partner's public page: GET /partners/{organizationId}, anonymous — its name, its published headline and
/// introduction, what working with it means, its offices and how to reach it, on its themed landing layout in the
/// visitor's language (their choice, then Accept-Language, among the partner's published cultures). Unlike an offer's
/// page (a personal invitation, noindex) it is meant to be found: indexable, with its canonical address and share tags.
/// </summary>
public static class PartnerPublicPages
{
    public const string PathPrefix = LandingConventions.PartnerPagePrefix;

    /// <summary>Longest organization id a link may carry; ids are letters, digits and dashes.</summary>
    public const int MaxIdLength = 64;

    private static readonly Lazy<string> Template = new(() =>
    {
        using var stream = typeof(PartnerPublicPages).Assembly.GetManifestResourceStream("PartnerCms.Offers.Landing.partner.liquid")
            ?? throw new InvalidOperationException("The landing template partner.liquid is missing from the Offers module.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(PathPrefix + "{id}", context => HandleAsync(context, (string)context.Request.RouteValues["id"]!)).ShortCircuit();

    /// <summary>Whether an id could name an organization (letters, digits, dashes): anything else is not looked up.</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: > 0 and <= MaxIdLength } && id.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-');

    private static async Task HandleAsync(HttpContext context, string id)
    {
        var services = context.RequestServices;
        var db = services.GetRequiredService<PartnerCmsDbContext>();
        var partner = IsWellFormed(id)
            ? await db.Organizations.AcrossOrganizations("a partner's public page is anonymous: it shows the partner's name")
                .AsNoTracking().Where(o => o.Id == id && o.Kind == OrganizationKind.Partner).Select(o => o.Id).FirstOrDefaultAsync(context.RequestAborted)
            : null;
        if (partner is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("There is no partner at this address.", context.RequestAborted);
            return;
        }

        var cultures = services.GetRequiredService<PortalCultures>();
        var chosen = cultures.Find(context.Request.Query["lang"].ToString());
        if (chosen is not null)
        {
            LandingConventions.KeepCultureChoice(context, chosen);
        }

        var presenter = services.GetRequiredService<OfferPresenter>();
        var available = await presenter.LandingCulturesAsync(partner, context.RequestAborted);
        var preferences = cultures.Preferences(chosen?.Name ?? context.Request.Cookies[LandingConventions.CultureCookie], context.Request.Headers.AcceptLanguage.ToString());
        var culture = PortalCultures.Choose(preferences, null, available);
        var html = await RenderAsync(services, partner, culture, available, CanonicalUrl(context, services.GetRequiredService<IConfiguration>(), partner), context.RequestAborted);

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/html; charset=utf-8";
        response.ContentLength = html.Length;
        response.Headers.CacheControl = "public, max-age=300";
        response.Headers.Vary = "Accept-Language, Cookie";
        response.Headers.ContentSecurityPolicy = LandingConventions.ContentSecurityPolicy;
        await response.Body.WriteAsync(html, context.RequestAborted);
    }

    /// <summary>The page's address as search engines should keep it: PartnerCms:PublicUrl when set (behind proxies), else the request's own.</summary>
    public static string CanonicalUrl(HttpContext context, IConfiguration configuration, string organizationId)
    {
        var configured = configuration["PartnerCms:PublicUrl"];
        var origin = string.IsNullOrWhiteSpace(configured) ? $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}" : configured.TrimEnd('/');
        return origin + LandingConventions.PartnerPagePath(organizationId);
    }

    private static async Task<byte[]> RenderAsync(
        IServiceProvider services, string organizationId, CultureInfo culture, IReadOnlyList<CultureInfo> available, string canonicalUrl, CancellationToken cancellationToken)
    {
        var strings = services.GetRequiredService<IStringLocalizer<LandingStrings>>();
        using var speaking = culture.Name == CultureOptions.Default ? null : LiquidCulture.Use(culture, strings);
        using var forPartner = LiquidOrganization.Use(organizationId);
        var presenter = services.GetRequiredService<OfferPresenter>();
        var branding = await presenter.BrandingInCultureAsync(organizationId, culture, cancellationToken);
        branding.SubscriptionsOnPage = false;
        branding.CanonicalUrl = canonicalUrl;
        if (available.Count > 1)
        {
            branding.Cultures = available.Select(c => new LandingCultureModel
            {
                Name = c.Name,
                NativeName = c.NativeName,
                Url = LandingConventions.PartnerPagePath(organizationId) + "?lang=" + Uri.EscapeDataString(c.Name),
                Current = c.Equals(culture),
            }).ToList();
        }

        string Say(string text) => culture.Name == CultureOptions.Default ? text : strings[text].Value;
        var offices = await services.GetRequiredService<PartnerProfiles>().OfficesAsync(organizationId, cancellationToken);
        var model = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["partner"] = branding,
            ["offices"] = offices.Select(o => new LandingOfficeModel { Name = o.Name, City = o.City, Country = Say(CountriesAndRegions.NameOf(o.CountryOrRegion)) }).ToList(),
        };
        var body = await services.GetRequiredService<LiquidTemplateService>().RenderAsync(Template.Value, model, html: true, cacheKey: "landing:partner", cancellationToken);
        var html = await services.GetRequiredService<ILandingLayout>().RenderAsync(branding, branding.ShareTitle is { Length: > 0 } title ? title : branding.Name, body, cancellationToken);
        return Encoding.UTF8.GetBytes(OfferLandingPages.Compact(html));
    }
}
