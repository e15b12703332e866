using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Branding.Models;
using PartnerCms.Branding.Services;
using PartnerCms.Core.Data;
using PartnerCms.Tests.Infrastructure;
using static PartnerCms.Tests.Infrastructure.OfferSteps;

namespace PartnerCms.Tests.Integration;

/// <summary>
/// Themes and partner branding from the outside: logos checked by content, contrast warnings, draft versus
/// published as a visitor sees it (a cached page changes at once), a broken own layout falling back to the theme's, one
/// partner's branding never on another's offers, the operator's theme choice, and who may do what.
/// </summary>
[Trait("Area", "Themes")]
public sealed class BrandingTests : IAsyncLifetime
{
    private readonly PartnerCmsSite _site = new(TestDatabase.Sqlite);

    public async Task InitializeAsync() => await _site.DeliverEventsAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    /// <summary>A real 1×1 PNG.</summary>
    public static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    internal static Dictionary<string, string> Form(string headline = "", string introduction = "", string primary = "#12324f", string accent = "#0b5cad", string layout = "") => new()
    {
        ["PrimaryColor"] = primary,
        ["AccentColor"] = accent,
        ["Headline"] = headline,
        ["Introduction"] = introduction,
        ["LayoutOverride"] = layout,
        ["ShowPhone"] = "true",
        ["ShowEmail"] = "true",
        ["ShowWebSite"] = "true",
        ["ShowAddress"] = "false",
    };

    private static Task<HttpResponseMessage> SaveAsync(PortalClient client, Dictionary<string, string> form, (string, string, byte[], string)? logo = null) =>
        client.PostMultipartAsync("/partner/branding", form, logo, "/partner/branding");

    private static async Task<string> PublishAsync(PortalClient client)
    {
        var published = await client.PostFormAsync("/partner/branding/publish", new Dictionary<string, string>(), "/partner/branding");
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        return (await client.GetPageAsync("/partner/branding")).Body;
    }

    private async Task<string> ContosoOfferLinkAsync()
    {
        using var sales = await _site.SignInAsync(DemoUsers.ContosoSales);
        var quote = await CreateOfferAsync(sales, "purchase", "US", await OfficeAsync(_site, "contoso-partners", "RED-001"), [("INTUNE-P1", 3)]);
        return await LinkPathAsync(sales, quote);
    }

    [Fact]
    [Trait("Area", "Cms")]
    public async Task Search_and_share_tags_come_from_the_partners_plain_text_encoded_and_offer_pages_ask_not_to_be_indexed()
    {
        using var marketing = await _site.SignInAsync(DemoUsers.ContosoMarketing);
        var link = await ContosoOfferLinkAsync();
        using var visitor = _site.Anonymous();
        var (_, before) = await visitor.GetPageAsync(link);
        const string Title = "Contoso <Intune> & \"deals\"";
        const string Hostile = "Set up in a day\"><script>alert(1)</script><meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">";
        var form = Form();
        (form["ShareTitle"], form["ShareDescription"]) = (Title, Hostile);
        var tooLong = Form();
        tooLong["ShareTitle"] = new string('x', 71);
        var control = Form();
        control["ShareDescription"] = "two\nlines";

        var refusedLong = await SaveAsync(marketing, tooLong);
        var refusedControl = await SaveAsync(marketing, control);
        var saved = await SaveAsync(marketing, form);
        await PublishAsync(marketing);
        var (_, themed) = await visitor.GetPageAsync(link);
        var own = Form(layout: "<html><head><title>{{ partner.name }}</title></head><body>{{ page.content | raw }}</body></html>");
        (own["ShareTitle"], own["ShareDescription"]) = (Title, Hostile);
        var savedOwn = await SaveAsync(marketing, own);
        await PublishAsync(marketing);
        var (_, ownPage) = await visitor.GetPageAsync(link);

        static string? Meta(AngleSharp.Html.Dom.IHtmlDocument d, string selector) => d.Head!.QuerySelector(selector)?.GetAttribute("content");
        var parser = new AngleSharp.Html.Parser.HtmlParser();
        var defaults = parser.ParseDocument(before);
        Assert.Equal("noindex, nofollow", Meta(defaults, "meta[name=robots]"));
        Assert.Equal("An offer from Contoso Partners", Meta(defaults, "meta[name=description]"));
        Assert.Equal(HttpStatusCode.BadRequest, refusedLong.StatusCode);
        Assert.Contains("At most 70 characters", WebUtility.HtmlDecode(await refusedLong.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, refusedControl.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, savedOwn.StatusCode);
        foreach (var html in new[] { themed, ownPage })
        {
            var page = parser.ParseDocument(html);
            Assert.Equal("noindex, nofollow", Meta(page, "meta[name=robots]"));
            Assert.Equal(Hostile, Meta(page, "meta[name=description]"));
            Assert.Equal(Hostile, Meta(page, "meta[property='og:description']"));
            Assert.Equal(Hostile, Meta(page, "meta[name='twitter:description']"));
            Assert.Equal(Title, Meta(page, "meta[property='og:title']"));
            Assert.Equal(Title, Meta(page, "meta[name='twitter:title']"));
            Assert.Equal("summary", Meta(page, "meta[name='twitter:card']"));
            Assert.Single(page.QuerySelectorAll("meta[name=description]"));
            Assert.Empty(page.QuerySelectorAll("meta[http-equiv]"));
            Assert.DoesNotContain(page.QuerySelectorAll("script"), e => e.TextContent.Contains("alert", StringComparison.Ordinal));
        }

        Assert.Contains(Title, parser.ParseDocument(themed).Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logos_are_checked_by_content_size_and_pixels_and_an_svg_with_script_or_handlers_is_refused()
    {
        using var marketing = await _site.SignInAsync(DemoUsers.ContosoMarketing);
        var textAsPng = await SaveAsync(marketing, Form(), ("logo", "logo.png", Encoding.UTF8.GetBytes("this is not an image"), "image/png"));
        var tooLarge = await SaveAsync(marketing, Form(), ("logo", "big.png", [.. Png, .. new byte[600 * 1024]], "image/png"));
        var script = await SaveAsync(marketing, Form(), ("logo", "logo.svg", Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><script>alert(1)</script></svg>"), "image/svg+xml"));
        var handler = await SaveAsync(marketing, Form(), ("logo", "logo.svg", Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>"), "image/svg+xml"));
        var entity = await SaveAsync(marketing, Form(), ("logo", "logo.svg", Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><svg xmlns=\"http://www.w3.org/2000/svg\"><text>&x;</text></svg>"), "image/svg+xml"));
        var huge = (byte[])Png.Clone();
        huge[16] = 0; huge[17] = 0; huge[18] = 0x27; huge[19] = 0x10; // width 10,000
        var tooWide = await SaveAsync(marketing, Form(), ("logo", "wide.png", huge, "image/png"));
        var pngNamedJpg = await SaveAsync(marketing, Form(), ("logo", "logo.jpg", Png, "image/jpeg"));
        var svg = LogoValidator.Check(Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 120 40\"><rect width=\"120\" height=\"40\" fill=\"#12324f\"/><text x=\"10\" y=\"25\" fill=\"#fff\">Contoso</text></svg>"));

        Assert.Equal(HttpStatusCode.BadRequest, textAsPng.StatusCode);
        Assert.Contains("not a PNG, JPEG, WebP or SVG", WebUtility.HtmlDecode(await textAsPng.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.True(tooLarge.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, $"{tooLarge.StatusCode}");
        Assert.Contains("script", WebUtility.HtmlDecode(await script.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, script.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, handler.StatusCode);
        Assert.Contains("onload", WebUtility.HtmlDecode(await handler.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, entity.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooWide.StatusCode);
        Assert.Contains("10000×1 pixels", WebUtility.HtmlDecode(await tooWide.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(("image/svg+xml", 120, 40), (svg.Logo!.ContentType, svg.Logo.Width, svg.Logo.Height));

        // The PNG named .jpg is a PNG: stored and served as one, under a hash of its content, cached for a year.
        Assert.Equal(HttpStatusCode.Redirect, pngNamedJpg.StatusCode);
        var logoId = await _site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<BrandingAsset>().IgnoreQueryFilters().Select(a => a.Id).SingleAsync());
        using var visitor = _site.Anonymous();
        var served = await visitor.GetAsync("/branding/logo/" + logoId);
        Assert.EndsWith(".png", logoId, StringComparison.Ordinal);
        Assert.Equal("image/png", served.Content.Headers.ContentType!.MediaType);
        Assert.Contains("immutable", served.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        // The pixels, encoded anew (the upload's own bytes are not kept).
        using (var servedImage = SkiaSharp.SKBitmap.Decode(await served.Content.ReadAsByteArrayAsync()))
        {
            Assert.Equal((1, 1), (servedImage.Width, servedImage.Height));
        }
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync("/branding/logo/" + new string('a', 300))).StatusCode);
    }

    [Fact]
    public async Task Colours_below_WCAG_AA_get_a_warning_and_bad_colours_or_Liquid_are_refused_with_the_field()
    {
        using var marketing = await _site.SignInAsync(DemoUsers.ContosoMarketing);
        var pale = await SaveAsync(marketing, Form(primary: "#ffff66", accent: "#bbbbbb"));
        var (_, page) = await marketing.GetPageAsync("/partner/branding");
        var badColour = await SaveAsync(marketing, Form(primary: "red; background: url(x)"));
        var badLiquid = await SaveAsync(marketing, Form(headline: "Hello {{ partner.name"));
        var badPreview = await marketing.PostMultipartAsync("/partner/branding/preview", new(Form(headline: "Hello {{ partner.name")) { ["preview"] = "Q-AAA-AAA" }, null, "/partner/branding");
        Assert.Equal(HttpStatusCode.BadRequest, badPreview.StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, pale.StatusCode);
        page = WebUtility.HtmlDecode(page);
        Assert.Contains("below WCAG AA", page, StringComparison.Ordinal);
        Assert.Contains("links and buttons will be hard to read", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badColour.StatusCode);
        Assert.Contains("Give a colour as #rrggbb", WebUtility.HtmlDecode(await badColour.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badLiquid.StatusCode);
        Assert.Equal(21.0, BrandingService.Contrast("#000000", "#ffffff"), 1);
    }

    [Fact]
    public async Task A_visitor_sees_the_published_branding_not_the_draft_and_a_cached_page_changes_at_once_on_publish()
    {
        var link = await ContosoOfferLinkAsync();
        using var marketing = await _site.SignInAsync(DemoUsers.ContosoMarketing);
        using var visitor = _site.Anonymous();
        var (_, before) = await visitor.GetPageAsync(link); // now cached

        await SaveAsync(marketing, Form(headline: "Secure devices with {{ partner.name }}", introduction: "We set up Intune for you.", primary: "#5b2a86"), ("logo", "logo.png", Png, "image/png"));
        var (_, draftOnly) = await visitor.GetPageAsync(link);
        var (previewStatus, preview) = await marketing.GetPageAsync("/partner/branding/preview?quote=" + link.Split('/', '?')[2]);
        var published = await PublishAsync(marketing);
        var (_, after) = await visitor.GetPageAsync(link);
        var response = await visitor.GetAsync(link);

        Assert.DoesNotContain("Secure devices", before, StringComparison.Ordinal);
        Assert.DoesNotContain("Secure devices", draftOnly, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, previewStatus);
        Assert.Contains("Secure devices with Contoso Partners", WebUtility.HtmlDecode(preview), StringComparison.Ordinal);
        Assert.Contains("Published: version 1", WebUtility.HtmlDecode(published), StringComparison.Ordinal);
        after = WebUtility.HtmlDecode(after);
        Assert.Contains("Secure devices with Contoso Partners", after, StringComparison.Ordinal);
        Assert.Contains("We set up Intune for you.", after, StringComparison.Ordinal);
        Assert.Contains("background: #5b2a86", after, StringComparison.Ordinal);
        Assert.Contains("/branding/logo/", after, StringComparison.Ordinal);
        Assert.False(HtmlPage.Has(after, "address"), "The address is shown though the branding hides it.");
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Area", "Hardening")]
    public async Task Raster_logos_are_stored_as_pixels_encoded_anew_and_svg_sizes_and_references_are_parsed()
    {
        var html = Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>");
        using var bitmap = new SkiaSharp.SKBitmap(40, 20);
        bitmap.Erase(new SkiaSharp.SKColor(0x12, 0x32, 0x4f));
        using var jpegData = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Jpeg, 90);
        byte[] jpeg = [.. jpegData.ToArray(), .. html];
        byte[] png = [.. Png, .. html];

        var (checkedJpeg, _) = LogoValidator.Check(jpeg);
        var (checkedPng, _) = LogoValidator.Check(png);
        var hugeSvg = LogoValidator.Check(Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1e9\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>"));
        var emSvg = LogoValidator.Check(Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100em\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>"));
        var maskSvg = LogoValidator.Check(Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\" mask=\"url(#a), url(https://elsewhere.example/m.svg)\"/></svg>"));
        var escapedSvg = LogoValidator.Check(Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\" fill=\"u\\72l(https://elsewhere.example/)\"/></svg>"));

        Assert.NotNull(checkedJpeg);
        Assert.Equal(("image/jpeg", 40, 20), (checkedJpeg!.ContentType, checkedJpeg.Width, checkedJpeg.Height));
        Assert.DoesNotContain("<script>", Encoding.Latin1.GetString(checkedJpeg.Data), StringComparison.Ordinal);
        Assert.NotNull(SkiaSharp.SKBitmap.Decode(checkedJpeg.Data));
        Assert.NotNull(checkedPng);
        Assert.DoesNotContain("<script>", Encoding.Latin1.GetString(checkedPng!.Data), StringComparison.Ordinal);
        Assert.Contains("1000000000×10 pixels; it may be at most", hugeSvg.Error, StringComparison.Ordinal);
        Assert.Contains("may be at most", LogoValidator.Check(Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100000\" height=\"10\"/>")).Error, StringComparison.Ordinal);
        Assert.Contains("not a size in pixels", emSvg.Error, StringComparison.Ordinal);
        Assert.Contains("outside itself", maskSvg.Error, StringComparison.Ordinal);
        Assert.NotNull(escapedSvg.Error);

        // Uploaded and served: the stored logo is the re-encoded one, not the bytes sent.
        using var marketing = await _site.SignInAsync(DemoUsers.ContosoMarketing);
        Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync(marketing, Form(), ("logo", "logo.png", png, "image/png"))).StatusCode);
        var stored = await _site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<BrandingAsset>().IgnoreQueryFilters().Select(a => a.Data).SingleAsync());
        Assert.DoesNotContain("<script>", Encoding.Latin1.GetString(stored), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_layout_that_fails_on_the_page_falls_back_to_the_themes_and_the_error_reaches_the_editor_and_the_dashboard()
    {
        var link = await ContosoOfferLinkAsync();
        using var marketing = await _site.SignInAsync(DemoUsers.ContosoMarketing);
        // Valid Liquid that doubles a string thirty times when it renders: the output budget stops it.
        const string Doubling = "<!DOCTYPE html><html lang=\"en\"><head><title>x</title></head><body>{% assign s = \"xxxxxxxxxx\" %}{% for i in (1..30) %}{% assign s = s | append: s %}{% endfor %}{{ s }}{{ page.content | raw }}</body></html>";
        // Refused at save (it is rendered once with the partner's values); stored anyway, it must not take the page down.
        var saved = await SaveAsync(marketing, Form(layout: Doubling));
        await PartnerCms.Tests.Hardening.LandingLayoutSanitizerTests.PublishDirectlyAsync(_site, Doubling);
        using var visitor = _site.Anonymous();
        var (status, page) = await visitor.GetPageAsync(link);
        var (_, editor) = await marketing.GetPageAsync("/partner/branding");
        var (_, dashboard) = await marketing.GetPageAsync("/admin");

        var refusedScript = await SaveAsync(marketing, Form(layout: "<html><body><script>alert(1)</script>{{ page.content | raw }}</body></html>"));
        var refusedRaw = await SaveAsync(marketing, Form(layout: "<html><body>{{ partner.headline | raw }}{{ page.content | raw }}</body></html>"));
        var refusedAssignRaw = await SaveAsync(marketing, Form(layout: "<html><body>{% assign h = partner.headline | raw %}{{ h }}{{ page.content | raw }}</body></html>"));
        var refusedHandler = await SaveAsync(marketing, Form(layout: "<html><body><div onclick=\"x()\">{{ page.content | raw }}</div></body></html>"));
        var refusedNoContent = await SaveAsync(marketing, Form(layout: "<html><body>Nothing</body></html>"));
        // Pieces of text that Liquid joins into a script are refused at save: the parser sees no element it allows.
        var spliced = await SaveAsync(marketing, Form(layout: "<html><body><scr{{ '' }}ipt>alert(1)</scr{{ '' }}ipt><a href=\"java{{ '' }}script:alert(1)\">x</a>{{ page.content | raw }}</body></html>"));
        Assert.Equal(HttpStatusCode.BadRequest, spliced.StatusCode);

        var good = await SaveAsync(marketing, Form(layout: "<!DOCTYPE html><html lang=\"en\"><head><title>{{ page.title }}</title></head><body class=\"own-layout\">{{ page.header | raw }}<main id=\"main\">{{ page.content | raw }}</main></body></html>"));
        await PublishAsync(marketing);
        var (_, own) = await visitor.GetPageAsync(link);

        Assert.Equal(HttpStatusCode.BadRequest, saved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, status);
        HtmlPage.AssertHas(page, "[data-testid='partner-name']");
        Assert.DoesNotContain("xxxxxxxxxxxxxxxxxxxx", page, StringComparison.Ordinal);
        HtmlPage.AssertHas(editor, "[data-testid='layout-error']");
        HtmlPage.AssertHas(dashboard, "[data-testid='layout-error']");
        foreach (var refused in new[] { refusedScript, refusedRaw, refusedAssignRaw, refusedHandler, refusedNoContent })
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        Assert.True(good.StatusCode == HttpStatusCode.Redirect, await good.Content.ReadAsStringAsync());
        HtmlPage.AssertHas(own, ".own-layout");
    }

    [Fact]
    public async Task Another_partners_branding_never_shows_on_Contosos_offers_and_the_operators_theme_choice_applies()
    {
        await _site.RunRecipeAsync("second-partner.recipe.json");
        var link = await ContosoOfferLinkAsync();
        using var woodgrove = await _site.SignInAsync(DemoUsers.WoodgroveAdmin);
        await SaveAsync(woodgrove, Form(headline: "Woodgrove knows best", primary: "#004400"));
        await PublishAsync(woodgrove);
        var quote = link.Split('/', '?')[2];
        var (woodgrovePreview, _) = await woodgrove.GetPageAsync("/partner/branding/preview?quote=" + quote);

        using var operatorClient = await _site.SignInAsync(DemoUsers.Operator);
        using var visitor = _site.Anonymous();
        var (_, navy) = await visitor.GetPageAsync(link);
        var (_, themesPage) = await operatorClient.GetPageAsync("/admin/themes");
        Assert.Contains("PartnerCms.TheAdmin", themesPage, StringComparison.Ordinal);
        Assert.Contains(HtmlPage.All(themesPage, "td"), cell => cell.TextContent.Trim() == "Admin");
        Assert.Contains("Horizon (bright)", themesPage, StringComparison.Ordinal);
        var chosen = await operatorClient.PostFormAsync("/admin/themes/landing", new Dictionary<string, string> { ["theme"] = "PartnerCms.TheHorizon" }, "/admin/themes");
        var (_, horizon) = await visitor.GetPageAsync(link);
        var unknown = await operatorClient.PostFormAsync("/admin/themes/landing", new Dictionary<string, string> { ["theme"] = "../../etc" }, "/admin/themes");

        using var marketing = await _site.SignInAsync(DemoUsers.ContosoMarketing);
        using var sales = await _site.SignInAsync(DemoUsers.ContosoSales);
        using var customer = await _site.SignInAsync(DemoUsers.FabrikamAdmin);

        Assert.DoesNotContain("Woodgrove knows best", navy, StringComparison.Ordinal);
        Assert.DoesNotContain("#004400", navy, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, woodgrovePreview);
        var unsavedOther = await woodgrove.PostMultipartAsync("/partner/branding/preview", new(Form(headline: "x")) { ["preview"] = quote }, null, "/partner/branding");
        Assert.Equal(HttpStatusCode.NotFound, unsavedOther.StatusCode);
        Assert.Contains("/_content/PartnerCms.TheLanding/landing.css", navy, StringComparison.Ordinal);
        Assert.DoesNotContain("horizon.css", navy, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        Assert.Contains("horizon.css", horizon, StringComparison.Ordinal);
        HtmlPage.AssertHas(horizon, ".horizon-hero");
        // Horizon overrides only the header: the layout and footer are the base theme's.
        Assert.Contains("/_content/PartnerCms.TheLanding/landing.css", horizon, StringComparison.Ordinal);
        Assert.Contains("Questions? Contact Contoso Partners", WebUtility.HtmlDecode(horizon), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, unknown.StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await sales.GetAsync("/partner/branding")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/partner/branding")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await marketing.GetAsync("/admin/themes")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await marketing.PostFormAsync("/admin/themes/landing", new Dictionary<string, string> { ["theme"] = "PartnerCms.TheLanding" }, "/partner/branding")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await marketing.GetAsync("/partner/branding/preview?quote=%00%5B")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await marketing.GetAsync("/partner/branding/preview?quote=%5B%5D")).StatusCode);
    }

    [Fact]
    [Trait("Area", "Hardening")]
    public async Task Hostile_branding_theme_and_new_workflow_input_gets_4xx_with_a_message_never_5xx_and_loses_nothing()
    {
        using var marketing = await _site.SignInAsync(DemoUsers.ContosoMarketing);
        Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync(marketing, Form(headline: "Kept headline"))).StatusCode);
        var deep = string.Concat(Enumerable.Repeat("{% if true %}", 500)) + "x" + string.Concat(Enumerable.Repeat("{% endif %}", 500));
        var hostile = new (string Name, Dictionary<string, string> Form)[]
        {
            ("NUL in headline", Form(headline: "a\0b")),
            ("huge headline", Form(headline: new string('h', 50_000))),
            ("huge introduction", Form(introduction: new string('i', 300_000))),
            ("deep Liquid", Form(introduction: deep)),
            ("stray bracket", Form(headline: "{{ [ }}")),
            ("string doubling", Form(headline: "{% assign s = 'x' %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s }}")),
            ("huge layout", Form(layout: "{{ page.content | raw }}" + new string('l', 600_000))),
            ("colour injection", Form(primary: "#12324f;}</style><script>")),
            ("bracket field name", new Dictionary<string, string>(Form()) { ["ShowPhone["] = "x", ["PrimaryColor"] = "[" }),
        };
        var problems = new List<string>();
        foreach (var (name, form) in hostile)
        {
            var response = await SaveAsync(marketing, form);
            var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            if ((int)response.StatusCode >= 500 || (response.StatusCode != HttpStatusCode.Redirect && !body.Contains("role=\"alert\"", StringComparison.Ordinal) && (int)response.StatusCode != 400))
            {
                problems.Add($"{name}: {(int)response.StatusCode}");
            }
        }

        // A refused save loses nothing: the saved draft is still the last good one, and the published page still renders.
        var draft = await _site.AsSystemAsync(async sp => System.Text.Json.JsonSerializer.Serialize((await sp.GetRequiredService<BrandingService>().LoadAsync("contoso-partners")).Draft, BrandingService.Json));
        Assert.True(problems.Count == 0, string.Join("; ", problems));
        Assert.Contains("Kept headline", draft, StringComparison.Ordinal);

        using var operatorClient = await _site.SignInAsync(DemoUsers.Operator);
        foreach (var theme in new[] { "", "a\0b", new string('t', 5000), "[" })
        {
            var chosen = await operatorClient.PostFormAsync("/admin/themes/landing", new Dictionary<string, string> { ["theme"] = theme }, "/admin/themes");
            Assert.True((int)chosen.StatusCode < 500, $"theme '{theme[..Math.Min(10, theme.Length)]}': {(int)chosen.StatusCode}");
        }

        using var admin = await _site.SignInAsync(DemoUsers.ContosoAdmin);
        // A stray bracket is a fine name; empty, NUL, too long and taken are refused.
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/partner/workflows/new", new Dictionary<string, string> { ["name"] = "[draft" }, "/partner/workflows")).StatusCode);
        foreach (var name in new[] { "", "a\0b", new string('n', 5000), "Welcome new customers" })
        {
            var created = await admin.PostFormAsync("/partner/workflows/new", new Dictionary<string, string> { ["name"] = name }, "/partner/workflows");
            Assert.True((int)created.StatusCode < 500, $"workflow name '{name[..Math.Min(10, name.Length)]}': {(int)created.StatusCode}");
            if (created.StatusCode == HttpStatusCode.Redirect)
            {
                // Refused names come back to the list with the reason; only a good name opens the editor.
                Assert.Equal("/partner/workflows", created.Headers.Location!.OriginalString);
            }
        }

        var (_, list) = await admin.GetPageAsync("/partner/workflows");
        Assert.Contains("There is already a workflow named", WebUtility.HtmlDecode(list), StringComparison.Ordinal);
    }
}
