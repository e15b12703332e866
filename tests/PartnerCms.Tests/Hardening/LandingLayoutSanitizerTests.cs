using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Branding.Models;
using PartnerCms.Branding.Services;
using PartnerCms.Core.Content;
using PartnerCms.Core.Data;
using PartnerCms.Landing;
using PartnerCms.Tests.Infrastructure;
using static PartnerCms.Tests.Infrastructure.OfferSteps;

namespace PartnerCms.Tests.Hardening;

/// <summary>
/// A partner's own landing layout is judged by an HTML parser against an allow-list: the hostile layouts of the outside
/// review (a meta refresh hidden behind a quoted "&gt;", handlers after a slash, encoded and split schemes, CSS escapes,
/// external images) and the sanitizer's known bypass classes (mutation through noscript, SVG and MathML, comments,
/// protocol-relative and backslash addresses) are refused at save and, when stored anyway, never reach a visitor.
/// </summary>
[Trait("Area", "Hardening")]
public sealed class LandingLayoutSanitizerTests
{
    private const string Content = "{{ page.content | raw }}";

    /// <summary>Hostile pieces, each placed in an otherwise good layout.</summary>
    public static TheoryData<string> Hostile => new(HostilePieces);

    private static readonly string[] HostilePieces =
    [
        "<meta content=\"0;url=http://elsewhere/\" data-x=\">\" http-equiv=\"refresh\">",
        "<img src=x/onerror=alert(1)>",
        "<body/onload=alert(1)>",
        "<details/open/ontoggle=alert(1)>",
        "<a href=\"javascript&colon;alert(1)\">x</a>",
        "<a href=\"java&#x09;script:alert(1)\">x</a>",
        "<a href=\"  JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
        "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
        "<a href=\"//elsewhere.example/\">x</a>",
        "<a href=\"/\\elsewhere.example/\">x</a>",
        "<style>@\\69mport url(//elsewhere/x.css);</style>",
        "<div style=\"background:u\\72l(//elsewhere/x.png)\">x</div>",
        "<div style=\"background-image:image-set('//elsewhere/x.png' 1x)\">x</div>",
        "<img src=\"https://elsewhere.example/x.png\" alt=\"\">",
        "<img src=\"/x.png\" srcset=\"https://elsewhere.example/x.png 1x\" alt=\"\">",
        "<video poster=\"https://elsewhere.example/x.png\"></video>",
        "<a href=\"/x\" ping=\"https://elsewhere.example/\">x</a>",
        "<button formaction=\"https://elsewhere.example/\">x</button>",
        "<base href=\"https://elsewhere.example/\">",
        "<form action=\"https://elsewhere.example/\"><input name=password></form>",
        "<link rel=\"stylesheet\" href=\"https://elsewhere.example/x.css\">",
        "<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>",
        "<object data=\"https://elsewhere.example/x.swf\"></object>",
        "<embed src=\"https://elsewhere.example/x.swf\">",
        "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
        "<!--><img src=x onerror=alert(1)>-->",
        "<template><script>alert(1)</script></template>",
        "<scr{{ '' }}ipt>alert(1)</scr{{ '' }}ipt>",
        "<a href=\"java{{ '' }}script:alert(1)\">x</a>",
        "<div id=\"x\" onmouseover=\"alert(1)\">x</div>",
    ];

    private static string Layout(string piece) =>
        $"<!DOCTYPE html><html lang=\"en\"><head><title>{{{{ page.title }}}}</title></head><body>{piece}{{{{ page.header | raw }}}}<main id=\"main\">{Content}</main>{{{{ page.footer | raw }}}}</body></html>";

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Every_hostile_piece_is_something_the_sanitizer_would_remove(string piece)
    {
        var sanitized = LayoutSafety.Sanitize(piece.Replace("{{ '' }}", string.Empty, StringComparison.Ordinal));

        Assert.False(sanitized.Clean, piece);
        var output = sanitized.Document.DocumentElement.OuterHtml;
        var parsed = new HtmlParser().ParseDocument(output);
        Assert.Empty(parsed.QuerySelectorAll("script, meta, base, form, iframe, object, embed, link, style, svg, math, button, video"));
        Assert.DoesNotContain(parsed.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase) || a.Name is "style" or "srcset" or "ping" or "formaction" or "poster"));
        Assert.DoesNotContain(parsed.QuerySelectorAll("[href], [src]"), e => (e.GetAttribute("href") ?? e.GetAttribute("src"))!.Contains(':', StringComparison.Ordinal));
    }

    [Fact]
    public void A_plain_layout_of_text_links_and_the_sites_own_images_passes_unchanged()
    {
        var sanitized = LayoutSafety.Sanitize(
            "<html lang=\"en\"><head><title>Offer</title></head><body class=\"own\"><header role=\"banner\"><img src=\"/branding/logo/abc.png\" alt=\"Logo\" width=\"96\" height=\"48\"></header>"
            + "<main id=\"main\"><p>Call <a href=\"tel:+15550100\">us</a>, <a href=\"mailto:sales@contoso.example\">write</a> or visit <a href=\"https://contoso.example/\">our site</a> or <a href=\"#main\">top</a>.</p></main></body></html>");

        Assert.True(sanitized.Clean, string.Join("; ", sanitized.Removed));
    }

    [Fact]
    public async Task Hostile_layouts_are_refused_at_save_with_what_would_be_removed_and_the_draft_is_kept()
    {
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite);
        using var marketing = await site.SignInAsync(DemoUsers.ContosoMarketing);
        var good = await SaveAsync(marketing, Layout("<p class=\"welcome\">Welcome</p>"));
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);

        foreach (var piece in HostilePieces)
        {
            using var refused = await SaveAsync(marketing, Layout(piece));
            var body = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{piece}: {refused.StatusCode}");
            Assert.Contains("would be removed", body, StringComparison.Ordinal);
        }

        // Page parts inside an attribute or the title, or the page written twice, are refused too.
        foreach (var layout in new[]
        {
            $"<html><body><a title=\"{Content}\">x</a>{Content}</body></html>",
            $"<html><head><title>{{{{ page.header | raw }}}}</title></head><body>{Content}</body></html>",
            $"<html><body>{Content}{Content}</body></html>",
        })
        {
            using var refused = await SaveAsync(marketing, layout);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        var draft = await site.AsSystemAsync(async sp => System.Text.Json.JsonSerializer.Serialize((await sp.GetRequiredService<BrandingService>().LoadAsync("contoso-partners")).Draft, BrandingService.Json));
        Assert.Contains("welcome", draft, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hostile_layout_stored_without_the_save_check_never_reaches_a_visitor_and_the_partner_is_told()
    {
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite);
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var quote = await CreateOfferAsync(sales, "purchase", "US", await OfficeAsync(site, "contoso-partners", "RED-001"), [("INTUNE-P1", 3)]);
        var link = await LinkPathAsync(sales, quote);
        using var visitor = site.Anonymous();
        var themePage = new HtmlParser().ParseDocument((await visitor.GetPageAsync(link)).Body);
        var offerText = themePage.QuerySelector("main")!.TextContent.Trim();

        foreach (var piece in HostilePieces)
        {
            await PublishDirectlyAsync(site, Layout(piece));
            var (status, page) = await visitor.GetPageAsync(link);
            var document = new HtmlParser().ParseDocument(page);

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Empty(document.QuerySelectorAll("meta[http-equiv], base, iframe, object, embed, svg, math, video"));
            Assert.DoesNotContain("elsewhere", page, StringComparison.Ordinal);
            Assert.DoesNotContain(document.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
            Assert.DoesNotContain(document.QuerySelectorAll("[href], [src]"), e => (e.GetAttribute("href") ?? e.GetAttribute("src"))!.Contains("elsewhere", StringComparison.Ordinal));
            Assert.NotNull(document.QuerySelector("[data-testid='partner-name']"));
        }

        var error = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<PartnerBranding>().IgnoreQueryFilters().Select(b => b.LayoutError).SingleAsync());
        Assert.Contains("would be removed", error, StringComparison.Ordinal);

        // A clean own layout is used, with the theme's stylesheets put into its head.
        await PublishDirectlyAsync(site, Layout("<p class=\"welcome\" data-testid=\"own-welcome\">Welcome</p>"));
        var (_, own) = await visitor.GetPageAsync(link);
        var ownDocument = new HtmlParser().ParseDocument(own);
        Assert.NotNull(ownDocument.QuerySelector("[data-testid='own-welcome']"));
        Assert.NotEmpty(ownDocument.QuerySelectorAll("head link[rel='stylesheet']"));
        Assert.Contains(offerText, ownDocument.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> SaveAsync(PortalClient client, string layout) =>
        client.PostMultipartAsync("/partner/branding", new Dictionary<string, string>
        {
            ["PrimaryColor"] = "#12324f",
            ["AccentColor"] = "#0b5cad",
            ["Headline"] = "",
            ["Introduction"] = "",
            ["LayoutOverride"] = layout,
            ["ShowPhone"] = "true",
            ["ShowEmail"] = "true",
            ["ShowWebSite"] = "true",
            ["ShowAddress"] = "false",
        }, null, "/partner/branding");

    /// <summary>Writes a published layout straight into the database, as if the save check had been passed by.</summary>
    internal static Task PublishDirectlyAsync(PartnerCmsSite site, string layout) => site.AsSystemAsync(async sp =>
    {
        // Through the content manager, which checks nothing about what it stores: the branding service's checks are passed by.
        var content = sp.GetRequiredService<ContentManager>();
        var settings = new BrandingSettings { LayoutOverride = layout };
        var item = await content.GetOfOrganizationAsync(BrandingSettings.ContentType, "contoso-partners", VersionOptions.Latest);
        if (item is null)
        {
            item = content.New(BrandingSettings.ContentType);
            item.OrganizationId = "contoso-partners";
            await content.CreateAsync(item.Apply(settings), publish: true);
        }
        else
        {
            await content.PublishContentAsync(item.ContentItemId, new ContentItem(BrandingSettings.ContentType, item.ContentItemId).Apply(settings).Content, "test");
        }
        await sp.GetRequiredService<ILandingPages>().ForgetAllAsync();
        return true;
    });
}
