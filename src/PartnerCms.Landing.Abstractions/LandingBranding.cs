namespace PartnerCms.Landing;

/// <summary>
/// What a partner's landing page shows of the partner (R1: its company information, shown to customers). Pages that
/// render in the landing theme put one in <c>ViewData[LandingConventions.BrandingKey]</c> and use <see cref="LandingConventions.Layout"/>.
/// </summary>
public sealed class LandingBranding
{
    public string Name { get; init; } = string.Empty;

    public string PartnerId { get; init; } = string.Empty;

    public string Phone { get; init; } = string.Empty;

    public string Email { get; init; } = string.Empty;

    public string WebSite { get; init; } = string.Empty;

    public IReadOnlyList<string> AddressLines { get; init; } = [];

    /// <summary>Whether the page offers subscriptions (the footer's billing note); a delegated-administration offer's pages do not.</summary>
    /// <summary>The page's language switcher (set by the page for its own URLs); empty: no switcher.</summary>
    public IReadOnlyList<LandingCultureModel> Cultures { get; set; } = [];

    public bool SubscriptionsOnPage { get; set; } = true;

    /// <summary>The partner's organization (for reporting a broken layout of its own).</summary>
    public string OrganizationId { get; init; } = string.Empty;

    // Partner branding (the branding module's published settings; empty: the theme's defaults).

    /// <summary>The logo's address (content-hashed, cached for a year), or empty.</summary>
    public string LogoUrl { get; init; } = string.Empty;

    /// <summary>The logo's width when drawn 48 px high (so the page does not shift when it loads).</summary>
    public int LogoWidth { get; init; }

    /// <summary>#rrggbb: the header's background.</summary>
    public string PrimaryColor { get; init; } = string.Empty;

    /// <summary>#rrggbb: text on the primary colour (white or near-black, whichever reads better).</summary>
    public string PrimaryInk { get; init; } = string.Empty;

    /// <summary>#rrggbb: links and buttons.</summary>
    public string AccentColor { get; init; } = string.Empty;

    public string AccentInk { get; init; } = string.Empty;

    /// <summary>Plain text (the partner's Liquid, rendered); the layout encodes it.</summary>
    public string Headline { get; set; } = string.Empty;

    public string Introduction { get; set; } = string.Empty;

    /// <summary>Plain text for search results and shared links (the title and og:title); empty: the partner's name.</summary>
    public string ShareTitle { get; set; } = string.Empty;

    /// <summary>Plain text for search results and shared links (meta description, og:description); empty: "An offer from …".</summary>
    public string ShareDescription { get; set; } = string.Empty;

    /// <summary>The address of the image shared links show (og:image), from the partner's media library; empty: none.</summary>
    public string ShareImageUrl { get; set; } = string.Empty;

    public string ShareImageAlt { get; set; } = string.Empty;

    /// <summary>
    /// The page's own absolute address when it is the partner's public page, the one landing page meant to be found
    /// (indexed, with a canonical link); empty on offer pages, which are personal invitations (noindex).
    /// </summary>
    public string CanonicalUrl { get; set; } = string.Empty;

    /// <summary>The partner's own Liquid layout, replacing the theme's; null: the theme's.</summary>
    public string? LayoutOverride { get; init; }

    /// <summary>Identifies the override's version (its parse is cached under it).</summary>
    public string LayoutOverrideKey { get; init; } = string.Empty;
}

/// <summary>Names the landing theme and the pages that use it agree on, and the policy every landing page is served with.</summary>
public static class LandingConventions
{
    /// <summary>The Razor layout name of the landing theme.</summary>
    public const string Layout = "_LandingLayout";

    public const string BrandingKey = "LandingBranding";

    /// <summary>ViewData key of the page's culture (a CultureInfo): the layout and the page speak it.</summary>
    public const string CultureKey = "LandingCulture";

    /// <summary>The visitor's choice of language (?lang=de-DE on a landing page), kept for the pages after it.</summary>
    public const string CultureCookie = "partnercms-culture";

    /// <summary>Keeps a visitor's choice of language (a year, for every page of the portal).</summary>
    public static void KeepCultureChoice(Microsoft.AspNetCore.Http.HttpContext context, System.Globalization.CultureInfo culture) =>
        context.Response.Cookies.Append(CultureCookie, culture.Name, new Microsoft.AspNetCore.Http.CookieOptions
        {
            Path = "/",
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax,
            MaxAge = TimeSpan.FromDays(365),
            IsEssential = true,
        });

    /// <summary>Where a partner's public page is (the offers module serves it; the branding page links to it).</summary>
    public const string PartnerPagePrefix = "/partners/";

    /// <summary>The path of a partner's public page.</summary>
    public static string PartnerPagePath(string organizationId) => PartnerPagePrefix + Uri.EscapeDataString(organizationId);

    /// <summary>
    /// Landing pages are anonymous pages on the portal's own origin, partly written by partners: no script but the
    /// portal's files, no plugins, no base or form targets elsewhere, framed only by the portal (the branding preview).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";
}

/// <summary>The landing theme's layout: wraps a page body (HTML) in the partner's landing page.</summary>
public interface ILandingLayout
{
    Task<string> RenderAsync(LandingBranding? partner, string? title, string contentHtml, CancellationToken cancellationToken = default);

    /// <summary>What a partner's own layout would do wrong (sanitizer removals, misplaced page parts, a render error), or null.</summary>
    Task<string?> CheckOwnLayoutAsync(LandingBranding partner, string source, CancellationToken cancellationToken = default);
}
