using System.Collections.Concurrent;
using Fluid;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PartnerCms.Core.Liquid;
using PartnerCms.Core.Themes;
using PartnerCms.Landing;

namespace PartnerCms.TheLanding.Services;

/// <summary>
/// Renders the site's landing theme around a page body: the theme's "header" and "footer" partials, then its "layout"
/// (each taken from the theme or its base). A partner's own layout (branding) replaces the theme's when it renders; when
/// it fails or runs too long, the theme's is used and the error is reported to the partner — a page never goes down.
/// </summary>
public sealed class LandingLayoutRenderer(LiquidTemplateService liquid, ThemeCatalog themes, IServiceScopeFactory scopes, ILogger<LandingLayoutRenderer> logger) : ILandingLayout
{
    private readonly ConcurrentDictionary<(string Theme, string Name), IFluidTemplate?> _templates = new();

    public async Task<string> ThemeIdAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SiteThemes>().LandingThemeAsync(cancellationToken);
    }

    public async Task<string> RenderAsync(LandingBranding? partner, string? title, Microsoft.AspNetCore.Html.IHtmlContent body, CancellationToken cancellationToken = default)
    {
        using var writer = new StringWriter();
        body.WriteTo(writer, System.Text.Encodings.Web.HtmlEncoder.Default);
        return await RenderAsync(partner, title, writer.ToString(), cancellationToken);
    }

    public async Task<string> RenderAsync(LandingBranding? partner, string? title, string contentHtml, CancellationToken cancellationToken = default)
    {
        var themeId = await ThemeIdAsync(cancellationToken);
        var stylesheets = themes.Stylesheets(themeId);
        var model = new Dictionary<string, object?>(StringComparer.Ordinal) { ["partner"] = partner };
        var header = await RenderPartAsync(themeId, "header", model, cancellationToken);
        var footer = await RenderPartAsync(themeId, "footer", model, cancellationToken);
        LandingPageModel Page(string content) => new()
        {
            Title = title ?? string.Empty,
            Stylesheet = (stylesheets.Count > 0 ? stylesheets[^1] : string.Empty),
            Stylesheets = stylesheets,
            Theme = themeId,
            Content = content,
            Header = header,
            Footer = footer,
            Head = HeadHtml(partner),
            Language = LiquidCulture.Current?.Culture.Name ?? "en",
            Cultures = partner?.Cultures ?? [],
        };

        model["page"] = Page(contentHtml);

        if (partner?.LayoutOverride is { Length: > 0 } own)
        {
            var (html, problem) = await OwnLayoutAsync(own, "landing-override:" + partner.LayoutOverrideKey, partner, Page(contentHtml), cancellationToken);
            if (html is not null)
            {
                return html;
            }

            if (partner.LayoutOverrideKey.Contains(":draft:", StringComparison.Ordinal) || partner.LayoutOverrideKey.Contains(":unsaved:", StringComparison.Ordinal))
            {
                // A preview: tell the editor on the page itself; the published branding's record stays as it is.
                var notice = "<div class=\"notice error\" role=\"alert\" data-testid=\"preview-layout-error\">Preview: your own layout failed — "
                    + System.Net.WebUtility.HtmlEncode(problem) + " Customers would see the theme's layout, as here.</div>";
                model["page"] = Page(notice + contentHtml);
            }
            else
            {
                logger.LogWarning("The landing layout of {Organization} failed; the theme's is used: {Error}", partner.OrganizationId, problem);
                await ReportAsync(partner.OrganizationId, problem!, cancellationToken);
            }
        }

        return await RenderPartAsync(themeId, "layout", model, cancellationToken);
    }

    /// <summary>
    /// What a partner's own layout would do wrong on a page of the site's theme (null: nothing): the branding page asks
    /// before it saves, with the partner's values and a sample page.
    /// </summary>
    public async Task<string?> CheckOwnLayoutAsync(LandingBranding partner, string source, CancellationToken cancellationToken = default)
    {
        var themeId = await ThemeIdAsync(cancellationToken);
        var stylesheets = themes.Stylesheets(themeId);
        var model = new Dictionary<string, object?>(StringComparer.Ordinal) { ["partner"] = partner };
        var page = new LandingPageModel
        {
            Title = "Offer",
            Stylesheet = (stylesheets.Count > 0 ? stylesheets[^1] : string.Empty),
            Stylesheets = stylesheets,
            Theme = themeId,
            Content = "<p>The offer</p>",
            Header = await RenderPartAsync(themeId, "header", model, cancellationToken),
            Footer = await RenderPartAsync(themeId, "footer", model, cancellationToken),
        };
        return (await OwnLayoutAsync(source, cacheKey: null, partner, page, cancellationToken)).Problem;
    }

    /// <summary>
    /// Renders a partner's own layout with markers where the page's parts go, sanitizes what the layout wrote (anything
    /// removed refuses the layout), checks that the parts stand as content (never inside an attribute or the title, the
    /// page itself once), puts the theme's stylesheets into the head, and only then puts the portal's parts in.
    /// </summary>
    private async Task<(string? Html, string? Problem)> OwnLayoutAsync(string source, string? cacheKey, LandingBranding partner, LandingPageModel page, CancellationToken cancellationToken)
    {
        var marker = "pcms" + Guid.NewGuid().ToString("N");
        var parts = new Dictionary<string, string>(StringComparer.Ordinal) { [marker + "c"] = page.Content, [marker + "h"] = page.Header, [marker + "f"] = page.Footer };
        var model = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["partner"] = partner,
            ["page"] = new LandingPageModel
            {
                Title = page.Title,
                Stylesheet = page.Stylesheet,
                Stylesheets = page.Stylesheets,
                Theme = page.Theme,
                Content = marker + "c",
                Header = marker + "h",
                Footer = marker + "f",
                Language = page.Language,
                Cultures = page.Cultures,
            },
        };

        string rendered;
        try
        {
            rendered = await liquid.RenderAsync(source, model, html: true, cacheKey, cancellationToken);
        }
        catch (LiquidTemplateException ex)
        {
            return (null, ex.Message);
        }

        var sanitized = LayoutSafety.Sanitize(rendered);
        if (!sanitized.Clean)
        {
            return (null, sanitized.Problem);
        }

        var document = sanitized.Document;
        if (document.All.Any(e => e.Attributes.Any(a => a.Value.Contains(marker, StringComparison.Ordinal))))
        {
            return (null, "The page's parts (page.content, page.header, page.footer) may only be written as content, never inside an attribute.");
        }

        var texts = LayoutSafety.TextNodes(document).Where(t => t.Data.Contains(marker, StringComparison.Ordinal)).ToList();
        if (texts.Any(t => t.ParentElement is null || t.ParentElement.LocalName == "title" || document.Head?.Contains(t) == true))
        {
            return (null, "The page's parts (page.content, page.header, page.footer) belong in the body, not in the head or the title.");
        }

        int Count(string key) => texts.Sum(t => (t.Data.Length - t.Data.Replace(key, string.Empty, StringComparison.Ordinal).Length) / key.Length);
        if (Count(marker + "c") != 1 || Count(marker + "h") > 1 || Count(marker + "f") > 1)
        {
            return (null, "Write {{ page.content | raw }} exactly once, and the header and footer at most once each.");
        }

        var head = document.Head!;
        var first = head.FirstChild;
        void Prepend(string tag, params (string Name, string Value)[] attributes)
        {
            var element = document.CreateElement(tag);
            foreach (var (name, value) in attributes)
            {
                element.SetAttribute(name, value);
            }

            head.InsertBefore(element, first);
        }

        if (partner.CanonicalUrl.Length > 0)
        {
            Prepend("link", ("rel", "canonical"), ("href", partner.CanonicalUrl));
        }

        foreach (var (attribute, name, content) in HeadTags(partner).Reverse())
        {
            Prepend("meta", (attribute, name), ("content", content));
        }

        Prepend("meta", ("charset", "utf-8"));
        Prepend("meta", ("name", "viewport"), ("content", "width=device-width, initial-scale=1"));
        Prepend("link", ("rel", "icon"), ("href", "data:,"));
        foreach (var sheet in page.Stylesheets)
        {
            Prepend("link", ("rel", "stylesheet"), ("href", sheet));
        }

        var html = "<!DOCTYPE html>\n" + document.DocumentElement.OuterHtml;
        foreach (var (key, value) in parts)
        {
            html = html.Replace(key, value, StringComparison.Ordinal);
        }

        return (html, null);
    }

    /// <summary>
    /// The search and share tags of a landing page: an offer, and the sign-up and acceptance that follow it, is a personal
    /// invitation, so search engines are asked not to index or follow it; only the partner's public page (it carries its
    /// canonical address) is indexable. The title and description are the partner's plain-text settings (else its name),
    /// never Liquid or HTML.
    /// </summary>
    public static IReadOnlyList<(string Attribute, string Name, string Content)> HeadTags(LandingBranding? partner)
    {
        var title = partner is null ? "PartnerCms" : partner.ShareTitle is { Length: > 0 } own ? own : partner.Name;
        var isPublic = partner is { CanonicalUrl.Length: > 0 };
        var description = partner is null ? "PartnerCms" : partner.ShareDescription is { Length: > 0 } text ? text : (isPublic ? partner.Name + ", authorized partner" : "An offer from " + partner.Name);
        (string, string, string)[] image = partner is { ShareImageUrl.Length: > 0 }
            ? [("property", "og:image", partner.ShareImageUrl), ("property", "og:image:alt", partner.ShareImageAlt), ("name", "twitter:image", partner.ShareImageUrl), ("name", "twitter:image:alt", partner.ShareImageAlt)]
            : [];
        return
        [
            ("name", "robots", isPublic ? "index, follow" : "noindex, nofollow"),
            ("name", "description", description),
            ("property", "og:type", "website"),
            ("property", "og:site_name", partner?.Name ?? "PartnerCms"),
            ("property", "og:title", title),
            .. (isPublic ? new[] { ("property", "og:url", partner!.CanonicalUrl) } : []),
            ("property", "og:description", description),
            ("name", "twitter:card", image.Length > 0 ? "summary_large_image" : "summary"),
            ("name", "twitter:title", title),
            ("name", "twitter:description", description),
            .. image,
        ];
    }

    private static string HeadHtml(LandingBranding? partner) => string.Concat(HeadTags(partner).Select(t =>
        $"<meta {t.Attribute}=\"{System.Net.WebUtility.HtmlEncode(t.Name)}\" content=\"{System.Net.WebUtility.HtmlEncode(t.Content)}\" />\n    "))
        + (partner is { CanonicalUrl.Length: > 0 } ? $"<link rel=\"canonical\" href=\"{System.Net.WebUtility.HtmlEncode(partner.CanonicalUrl)}\" />\n    " : string.Empty);

    private async Task<string> RenderPartAsync(string themeId, string name, IReadOnlyDictionary<string, object?> model, CancellationToken cancellationToken)
    {
        var template = _templates.GetOrAdd((themeId, name), key => themes.Template(key.Theme, key.Name) is { } found ? liquid.Parse(found.Source) : null);
        return template is null ? string.Empty : await liquid.RenderAsync(template, model, html: true, cancellationToken);
    }

    private async Task ReportAsync(string organizationId, string error, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            if (scope.ServiceProvider.GetService<ILandingProblems>() is { } problems)
            {
                await problems.ReportLayoutErrorAsync(organizationId, error, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException)
        {
            logger.LogWarning(ex, "Could not record the landing layout error of {Organization}.", organizationId);
        }
    }
}
