using System.Globalization;
using System.Net;
using System.Resources;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PartnerCms.Core.Localization;
using PartnerCms.Landing;
using PartnerCms.Tests.Infrastructure;

namespace PartnerCms.Tests.Cms;

/// <summary>
/// Which language a customer-facing page speaks, in every order: the visitor's choice, then Accept-Language, then the
/// offer's usage location, then en-US — each only among the partner's published cultures; hostile headers are ignored.
/// </summary>
[Trait("Area", "Cms")]
public sealed class CultureSelectionTests
{
    private static readonly PortalCultures Cultures = new(Options.Create(new CultureOptions()));
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en-US");
    private static readonly CultureInfo De = CultureInfo.GetCultureInfo("de-DE");
    private static readonly CultureInfo Fr = CultureInfo.GetCultureInfo("fr-FR");

    private static string Choose(string? choice, string? acceptLanguage, string? country, params CultureInfo[] available) =>
        PortalCultures.Choose(Cultures.Preferences(choice, acceptLanguage), Cultures.ForCountry(country), available).Name;

    [Theory]
    [InlineData("fr-FR", "de-DE,de;q=0.9", "DE", "fr-FR")] // the visitor's choice first
    [InlineData(null, "de-DE,de;q=0.9,en;q=0.5", "FR", "de-DE")] // then Accept-Language
    [InlineData(null, "en;q=0.2, de-AT;q=0.8", "US", "de-DE")] // by quality, and another region of an offered language
    [InlineData(null, "ja-JP", "FR", "fr-FR")] // a language not offered: the usage location's
    [InlineData(null, null, "AT", "de-DE")] // no preference: the usage location's (Austria speaks German)
    [InlineData(null, null, "JP", "en-US")] // a usage location whose culture is not offered: en-US
    [InlineData("xx-NOPE", "*;q=x,,;;", null, "en-US")] // nonsense and hostile values: en-US, no error
    [InlineData(null, "de-DE;q=0", "DE", "de-DE")] // q=0 refuses German, yet the usage location is German
    [Trait("Rule", "R12")]
    public void The_choice_then_accept_language_then_usage_location_then_en_US(string? choice, string? acceptLanguage, string? country, string expected) =>
        Assert.Equal(expected, Choose(choice, acceptLanguage, country, En, De, Fr));

    [Fact]
    [Trait("Rule", "R12")]
    public void Only_the_partners_published_cultures_are_spoken()
    {
        Assert.Equal("en-US", Choose(null, "fr-FR", "FR", En, De));
        Assert.Equal("de-DE", Choose("fr-FR", "de-DE", "US", En, De));
        Assert.Equal("en-US", Choose("de-DE", "de-DE", "DE", En));
    }

    [Fact]
    [Trait("Rule", "R12")]
    public void A_visitors_languages_kept_parsed_follow_the_operators_change_of_cultures()
    {
        var cultures = new PortalCultures(Options.Create(new CultureOptions()));
        const string french = "fr-FR,fr;q=0.9,en-US;q=0.8";
        Assert.Equal("fr-FR,en-US", cultures.VisitorPreferences(null, french).Key);
        Assert.Same(cultures.VisitorPreferences(null, french), cultures.VisitorPreferences(null, french));

        // The operator turns French off: the same header, parsed before, no longer yields it.
        cultures.Apply("de-DE", null);
        Assert.Equal("en-US", cultures.VisitorPreferences(null, french).Key);
        Assert.Equal(["en-US"], cultures.Preferences(null, french).Select(c => c.Name));

        // And the same settings read again keep what was parsed.
        var kept = cultures.VisitorPreferences(null, french);
        cultures.Apply("de-DE", null);
        Assert.Same(kept, cultures.VisitorPreferences(null, french));
    }

    [Fact]
    public void Headers_past_the_parsed_limit_are_still_answered_and_not_kept()
    {
        // The header is the visitor's to write: a flood of distinct values fills the bounded table, and past it every
        // value is still parsed correctly on its own.
        var cultures = new PortalCultures(Options.Create(new CultureOptions()));
        for (var i = 0; i < PortalCultures.ParsedPreferencesLimit + 10; i++)
        {
            Assert.Equal(string.Empty, cultures.VisitorPreferences(null, $"x{i}-NOPE").Key);
        }

        Assert.Equal("de-DE,fr-FR", cultures.VisitorPreferences(null, "de-AT, fr;q=0.5").Key);
        Assert.NotSame(cultures.VisitorPreferences(null, "de-AT, fr;q=0.5"), cultures.VisitorPreferences(null, "de-AT, fr;q=0.5"));

        // Nor is a long value kept, even with room in the table: the table's memory stays small.
        var fresh = new PortalCultures(Options.Create(new CultureOptions()));
        var longHeader = "de-DE, " + new string('x', 30_000);
        Assert.NotSame(fresh.VisitorPreferences(null, longHeader), fresh.VisitorPreferences(null, longHeader));
        Assert.Same(fresh.VisitorPreferences(null, "de-DE"), fresh.VisitorPreferences(null, "de-DE"));
    }

    [Fact]
    public void Only_predefined_cultures_are_enabled_and_en_US_always_is()
    {
        var cultures = new PortalCultures(Options.Create(new CultureOptions { Enabled = ["ja-JP", "made-up", "\0", "de-DE"] }));
        Assert.Equal(["en-US", "ja-JP", "de-DE"], cultures.Enabled.Select(c => c.Name));
        Assert.Null(cultures.Find("made-up"));
    }
}

/// <summary>
/// The portal's own strings on the customer-facing Liquid pages (landing page, its unavailable page, the landing theme's
/// layout, header and footer) all go through the t filter, and each has a German and a French text. A string written
/// straight into one of them fails this test.
/// </summary>
[Trait("Area", "Cms")]
public sealed partial class LocalizedStringsTests
{
    private static IEnumerable<(string Name, string Source)> CustomerFacingTemplates()
    {
        foreach (var assembly in new[] { typeof(PartnerCms.Offers.Landing.OfferLandingPages).Assembly, typeof(PartnerCms.TheLanding.Services.LandingLayoutRenderer).Assembly })
        {
            foreach (var name in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".liquid", StringComparison.Ordinal)))
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
                yield return (name, reader.ReadToEnd());
            }
        }
    }

    [GeneratedRegex(@"\{\{.*?\}\}|\{%.*?%\}", RegexOptions.Singleline)]
    private static partial Regex LiquidMarkup();

    [GeneratedRegex(@"""((?:[^""\\]|\\.)*)""\s*\|\s*t\b")]
    private static partial Regex TranslatedLiteral();

    [Fact]
    [Trait("Rule", "R12")]
    public void No_customer_facing_template_writes_a_string_that_is_not_localized()
    {
        var templates = CustomerFacingTemplates().ToList();
        var unlocalized = new List<string>();
        foreach (var (name, source) in templates)
        {
            // What is left once every Liquid output and tag is taken out is what the template writes itself.
            var document = HtmlPage.Parse("<body>" + LiquidMarkup().Replace(source, " ") + "</body>");
            var texts = document.Body!.Descendants<IText>()
                .Where(t => t.ParentElement?.LocalName is not ("style" or "script"))
                .Select(t => t.Data.Replace("PartnerCms", string.Empty, StringComparison.Ordinal).Trim()).Where(t => t.Any(char.IsLetter));
            var attributes = document.All.SelectMany(e => e.Attributes)
                .Where(a => a.Name is "alt" or "title" or "aria-label" or "placeholder" && a.Value.Trim().Any(char.IsLetter))
                .Select(a => $"{a.Name}=\"{a.Value}\"");
            unlocalized.AddRange(texts.Concat(attributes).Select(t => $"{name}: {t}"));
        }

        Assert.True(templates.Count >= 5, "the landing templates were not found");
        Assert.True(unlocalized.Count == 0, string.Join(" | ", unlocalized));
    }

    [Theory]
    [InlineData("de")]
    [InlineData("fr")]
    public void Every_string_the_customer_facing_templates_translate_has_a_text_in_the_shipped_languages(string language)
    {
        var resources = new ResourceManager("PartnerCms.Landing.LandingStrings", typeof(LandingStrings).Assembly);
        var culture = CultureInfo.GetCultureInfo(language);
        var keys = CustomerFacingTemplates().SelectMany(t => TranslatedLiteral().Matches(t.Source).Select(m => m.Groups[1].Value))
            .Concat(PartnerCms.Offers.Landing.OfferLandingPages.TranslatedTexts).Distinct(StringComparer.Ordinal).ToList();
        var missing = keys.Where(k => resources.GetString(k, culture) is not { Length: > 0 } text || text == k && k.Any(char.IsLetter) && k.Length > 8).ToList();

        Assert.True(keys.Count > 40, $"only {keys.Count} strings found");
        Assert.Empty(missing);
    }
}

/// <summary>
/// A partner's landing texts in German, drafted and published on their own: a German visitor sees them, with the
/// portal's own words and the dates in German, and a language switcher; a French visitor (no French texts) gets the
/// default with no error; a visitor's choice of language is kept in a cookie.
/// </summary>
[Trait("Area", "Cms")]
public abstract class LandingCultureTests(TestDatabase database) : IAsyncLifetime
{
    private const string Contoso = "contoso-partners";
    private PartnerCmsSite _site = null!;

    public async Task InitializeAsync()
    {
        _site = new PartnerCmsSite(database);
        await _site.RunRecipeAsync("second-partner.recipe.json");
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private static async Task<(HttpResponseMessage Response, string Html)> VisitAsync(PortalClient visitor, string link, string? acceptLanguage)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, link);
        if (acceptLanguage is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        }

        var response = await visitor.Http.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    [Trait("Rule", "R12")]
    public async Task A_German_visitor_sees_the_published_German_texts_and_German_words_and_dates_and_a_missing_variant_falls_back()
    {
        using var marketing = await _site.SignInAsync(DemoUsers.ContosoMarketing);
        using var sales = await _site.SignInAsync(DemoUsers.ContosoSales);
        var quote = await OfferSteps.CreateOfferAsync(sales, "purchase", "US", await OfferSteps.OfficeAsync(_site, Contoso, "RED-001"), [("INTUNE-P1", 3)], expiresOn: DateTime.UtcNow.Date.AddDays(40));
        var link = await OfferSteps.LinkPathAsync(sales, quote);
        var texts = new Dictionary<string, string>
        {
            ["Headline"] = "Willkommen bei {{ partner.name }}",
            ["Introduction"] = "Ihr Partner für Geräteverwaltung <script>alert(1)</script>",
            ["ShareTitle"] = "Angebot von Contoso",
            ["ShareDescription"] = "Sicher \"verwaltet\" & betreut",
        };

        var (_, page) = await marketing.GetPageAsync("/partner/branding");
        var (_, editor) = await marketing.GetPageAsync("/partner/branding/texts/de-DE");
        var saved = await marketing.PostFormAsync("/partner/branding/texts/de-DE", texts, "/partner/branding/texts/de-DE");
        using var germanBefore = _site.Anonymous();
        var (_, beforePublication) = await VisitAsync(germanBefore, link, "de-DE,de;q=0.9");
        var published = await marketing.PostFormAsync("/partner/branding/texts/de-DE/publish", [], "/partner/branding/texts/de-DE");
        var unknownCulture = await marketing.GetAsync("/partner/branding/texts/xx-YY");
        var defaultCulture = await marketing.GetAsync("/partner/branding/texts/en-US");

        using var german = _site.Anonymous();
        var (germanResponse, germanPage) = await VisitAsync(german, link, "de-DE,de;q=0.9,en;q=0.5");
        using var japanese = _site.Anonymous();
        var (frenchResponse, frenchPage) = await VisitAsync(japanese, link, "ja-JP,ja;q=0.9");
        using var chooser = _site.Anonymous();
        var (_, chosenPage) = await VisitAsync(chooser, link + "&lang=en-US", "de-DE");
        var (_, afterChoice) = await VisitAsync(chooser, link, "de-DE");
        var (_, brandingPage) = await marketing.GetPageAsync("/partner/branding");

        var document = HtmlPage.Parse(germanPage);
        Assert.Contains("missing", HtmlPage.Text(page, "[data-testid=languages] [data-culture=de-DE]"), StringComparison.Ordinal);
        HtmlPage.AssertHas(editor, "[data-testid=texts-form] textarea#Introduction[lang=de-DE]");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.DoesNotContain("Willkommen", beforePublication, StringComparison.Ordinal);
        Assert.Contains("Your offer from", WebUtility.HtmlDecode(beforePublication), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownCulture.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, defaultCulture.StatusCode);

        Assert.Equal(HttpStatusCode.OK, germanResponse.StatusCode);
        Assert.Equal("de-DE", document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Willkommen bei Contoso Partners", HtmlPage.Text(germanPage, "[data-testid=partner-headline]"));
        Assert.Contains("<script>", HtmlPage.Text(germanPage, "[data-testid=partner-introduction]"), StringComparison.Ordinal);
        Assert.Empty(document.QuerySelectorAll("main script"));
        Assert.Equal("Sicher \"verwaltet\" & betreut", document.QuerySelector("meta[name=description]")?.GetAttribute("content"));
        Assert.Contains("Ihr Angebot von Contoso Partners", document.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        var expires = DateTime.UtcNow.Date.AddDays(40);
        Assert.Contains($"gültig bis {expires.ToString("d. MMMM yyyy", CultureInfo.GetCultureInfo("de-DE"))}", document.QuerySelector(".hint")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Fragen? Wenden Sie sich an Contoso Partners", germanPage, StringComparison.Ordinal);
        Assert.Equal(["en-US", "de-DE", "fr-FR"], document.QuerySelectorAll("[data-testid=language-switcher] [lang]").Select(e => e.GetAttribute("lang")!));

        Assert.Equal(HttpStatusCode.OK, frenchResponse.StatusCode);
        Assert.Contains("Your offer from", WebUtility.HtmlDecode(frenchPage), StringComparison.Ordinal);
        Assert.DoesNotContain("Willkommen", frenchPage, StringComparison.Ordinal);

        Assert.Contains("Your offer from", WebUtility.HtmlDecode(chosenPage), StringComparison.Ordinal);
        Assert.Contains("Your offer from", WebUtility.HtmlDecode(afterChoice), StringComparison.Ordinal);
        Assert.Contains("published", HtmlPage.Text(brandingPage, "[data-testid=languages] [data-culture=de-DE]"), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "R12")]
    public async Task An_offer_for_Germany_speaks_German_to_a_visitor_without_a_preference_and_another_partner_cannot_edit_the_texts()
    {
        using var marketing = await _site.SignInAsync(DemoUsers.ContosoMarketing);
        using var sales = await _site.SignInAsync(DemoUsers.ContosoSales);
        await marketing.PostFormAsync("/partner/branding/texts/de-DE", new Dictionary<string, string> { ["Headline"] = "Guten Tag" }, "/partner/branding/texts/de-DE");
        await marketing.PostFormAsync("/partner/branding/texts/de-DE/publish", [], "/partner/branding/texts/de-DE");
        var quote = await OfferSteps.CreateOfferAsync(sales, "purchase", "DE", await OfferSteps.OfficeAsync(_site, Contoso, "RED-001"), [("INTUNE-P1", 3)]);
        var link = await OfferSteps.LinkPathAsync(sales, quote);
        using var woodgrove = await _site.SignInAsync(("admin@woodgrovepartners.example", "Woodgrove-Admin-2026"));
        await woodgrove.PostFormAsync("/partner/branding/texts/de-DE", new Dictionary<string, string> { ["Headline"] = "Woodgrove was here" }, "/partner/branding/texts/de-DE");
        await woodgrove.PostFormAsync("/partner/branding/texts/de-DE/publish", [], "/partner/branding/texts/de-DE");

        using var visitor = _site.Anonymous();
        var (_, page) = await VisitAsync(visitor, link, null);
        var hostile = await marketing.PostFormAsync("/partner/branding/texts/de-DE", new Dictionary<string, string> { ["Headline"] = "{% for i in (1..9999999) %}{{ i }}{% endfor %}", ["ShareTitle"] = new string('x', 71) }, "/partner/branding/texts/de-DE");
        var hostileHtml = await hostile.Content.ReadAsStringAsync();

        Assert.Equal("Guten Tag", HtmlPage.Text(page, "[data-testid=partner-headline]"));
        Assert.Contains("Ihr Angebot von", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.DoesNotContain("Woodgrove", page, StringComparison.Ordinal);
        Assert.True(hostile.StatusCode == HttpStatusCode.BadRequest, $"{hostile.StatusCode} {hostile.Headers.Location}");
        Assert.Contains("At most 70 characters", HtmlPage.Text(hostileHtml, "[data-testid=errors]"), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "R9")]
    public async Task The_offer_message_uses_the_usage_locations_language_when_written_and_the_default_text_when_not()
    {
        using var marketing = await _site.SignInAsync(DemoUsers.ContosoMarketing);
        using var sales = await _site.SignInAsync(DemoUsers.ContosoSales);
        var (_, list) = await marketing.GetPageAsync("/partner/templates");
        var (_, editor) = await marketing.GetPageAsync("/partner/templates/purchase-offer.de-DE");
        var german = new Dictionary<string, string>
        {
            ["subject"] = "Ihr Angebot {{ offer.quote_id }}",
            ["body"] = "Guten Tag, {{ partner.name }} schickt Ihnen ein Angebot, gültig bis {{ offer.expires_on | long_date }}: {{ offer.link }}",
            ["version"] = "0",
        };
        var saved = await marketing.PostFormAsync("/partner/templates/purchase-offer.de-DE", german, "/partner/templates/purchase-offer.de-DE");
        var published = await marketing.PostFormAsync("/partner/templates/purchase-offer.de-DE/publish", [], "/partner/templates/purchase-offer.de-DE");
        var unknown = await marketing.GetAsync("/partner/templates/purchase-offer.xx-YY");
        var english = await marketing.GetAsync("/partner/templates/purchase-offer.en-US");
        var (_, listAfter) = await marketing.GetPageAsync("/partner/templates");

        var office = await OfferSteps.OfficeAsync(_site, Contoso, "RED-001");
        var expires = DateTime.UtcNow.Date.AddDays(30);
        var forGermany = await OfferSteps.CreateOfferAsync(sales, "purchase", "DE", office, [("INTUNE-P1", 3)], expiresOn: expires);
        var forFrance = await OfferSteps.CreateOfferAsync(sales, "purchase", "FR", office, [("INTUNE-P1", 3)]);
        var (_, germanOffer) = await sales.GetPageAsync($"/partner/offers/{forGermany}");
        var (_, frenchOffer) = await sales.GetPageAsync($"/partner/offers/{forFrance}");
        var body = HtmlPage.Parse(germanOffer).QuerySelector("#message-body")!.TextContent;

        Assert.Contains("German (Germany): missing", HtmlPage.Text(list, "[data-testid=templates] [data-kind=purchase-offer] [data-field=languages]"), StringComparison.Ordinal);
        HtmlPage.AssertHas(editor, "[data-testid=default-text]");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, english.StatusCode);
        Assert.Contains("German (Germany): Published", HtmlPage.Text(listAfter, "[data-testid=templates] [data-kind=purchase-offer] [data-field=languages]"), StringComparison.Ordinal);
        Assert.Equal($"Ihr Angebot {forGermany}", HtmlPage.Parse(germanOffer).QuerySelector("#message-subject")!.GetAttribute("value"));
        Assert.Contains($"gültig bis {expires.ToString("d. MMMM yyyy", CultureInfo.GetCultureInfo("de-DE"))}", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Ihr Angebot", HtmlPage.Parse(frenchOffer).QuerySelector("#message-subject")!.GetAttribute("value"), StringComparison.Ordinal);
        Assert.False(HtmlPage.Has(frenchOffer, "[data-testid=message-problem]"));
    }

    /// <summary>The visible texts of a page and its attributes people read, as a set.</summary>
    private static HashSet<string> Texts(AngleSharp.Html.Dom.IHtmlDocument document) =>
        document.Body!.Descendants<IText>().Where(t => t.ParentElement?.LocalName is not ("script" or "style"))
            .Select(t => t.Data.Trim()).Concat(document.All.SelectMany(e => e.Attributes).Where(a => a.Name is "aria-label" or "alt" or "placeholder").Select(a => a.Value.Trim()))
            .Where(t => t.Any(char.IsLetter)).ToHashSet(StringComparer.Ordinal);

    [Fact]
    [Trait("Rule", "R12")]
    public async Task Every_portal_string_on_the_landing_and_accept_pages_changes_with_the_language_only_data_stays()
    {
        using var sales = await _site.SignInAsync(DemoUsers.ContosoSales);
        var quote = await OfferSteps.CreateOfferAsync(sales, "purchase", "US", await OfficeAsync(), [("INTUNE-P1", 3)], delegated: true, expiresOn: DateTime.UtcNow.Date.AddDays(20));
        var link = await OfferSteps.LinkPathAsync(sales, quote);
        var (customerId, domain) = await OfferSteps.NewContosoCustomerAsync(_site, delegated: false);
        var delegation = await OfferSteps.AskForRolesAsync(_site, customerId, PartnerCms.Core.Security.DelegatedRoles.All.Select(r => r.Name));
        var unlocalized = new List<string>();
        foreach (var (page, offerLink, button) in new[] { ("landing", link, ""), ("accept", link, "sign-up"), ("delegation landing", delegation, ""), ("delegation accept", delegation, "sign-in") })
        {
            using var english = _site.Anonymous();
            using var french = _site.Anonymous();
            var (_, landingEn) = await VisitAsync(english, offerLink, "en-US");
            var path = button == "" ? offerLink : WebUtility.HtmlDecode(HtmlPage.Parse(landingEn).QuerySelector($"[data-testid={button}]")!.GetAttribute("href")!).Split('#')[0];
            var (_, en) = await VisitAsync(english, path, "en-US");
            var (_, fr) = await VisitAsync(french, path, "fr-FR,fr;q=0.9");
            var enDocument = HtmlPage.Parse(en);
            var frDocument = HtmlPage.Parse(fr);

            // Data, not the portal's words: names, the quote, the partner's contacts, the languages' own names.
            var data = frDocument.QuerySelectorAll(".quote, [data-testid=partner-name], [data-sku] td:first-child, .contact a, address, .language-switcher li, [data-testid=language-switcher] li, .partner-headline, .partner-introduction")
                .SelectMany(e => e.Descendants<IText>().Select(t => t.Data.Trim()).Append(e.TextContent.Trim())).ToHashSet(StringComparer.Ordinal);
            data.Add("Contoso Partners");
            Assert.Equal("fr-FR", frDocument.DocumentElement.GetAttribute("lang"));
            unlocalized.AddRange(Texts(frDocument).Intersect(Texts(enDocument)).Where(t => !data.Contains(t)).Select(t => $"{page}: {t}"));
        }

        // Pages that belong to no partner speak the browser's language: sign-in, a refused sign-in, a refused sign-up.
        foreach (var (page, post, fields) in new (string, string?, Dictionary<string, string>?)[]
        {
            ("sign-in", null, null),
            ("refused sign-in", "/account/signin", new() { ["UserName"] = "nobody@nowhere.example", ["Password"] = "not-the-password" }),
            ("empty sign-in", "/account/signin", new() { ["UserName"] = "", ["Password"] = "" }),
            ("refused sign-up", "accept", new() { ["As"] = "new", ["SignUp.Password"] = "Visitor-Pass-2026", ["SignUp.ConfirmPassword"] = "something else" }),
            ("taken domain", "accept", new() { ["As"] = "new", ["SignUp.CompanyName"] = "Copycat", ["SignUp.Domain"] = "fabrikam.example", ["SignUp.DisplayName"] = "Cat", ["SignUp.UserName"] = "cat@fabrikam.example", ["SignUp.Password"] = "Visitor-Pass-2026", ["SignUp.ConfirmPassword"] = "Visitor-Pass-2026" }),
            ("user name elsewhere", "accept", new() { ["As"] = "new", ["SignUp.CompanyName"] = "Newco", ["SignUp.Domain"] = "newco-languages.example", ["SignUp.DisplayName"] = "Nia", ["SignUp.UserName"] = "nia@elsewhere.example", ["SignUp.Password"] = "Visitor-Pass-2026", ["SignUp.ConfirmPassword"] = "Visitor-Pass-2026" }),
        })
        {
            using var english = _site.Anonymous();
            using var french = _site.Anonymous();
            english.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US");
            french.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr-FR");
            async Task<string> PageAsync(PortalClient client)
            {
                if (post is null)
                {
                    return (await client.GetPageAsync("/account/signin")).Body;
                }

                if (post == "accept")
                {
                    var query = OfferSteps.Query(link);
                    var form = new Dictionary<string, string>(fields!) { ["Advisor"] = query["advisor"], ["Sig"] = query["sig"] };
                    return await (await client.PostFormAsync($"/offers/{quote}/accept", form, OfferSteps.AcceptPath(link))).Content.ReadAsStringAsync();
                }

                return await (await client.PostFormAsync(post, fields!, "/account/signin")).Content.ReadAsStringAsync();
            }

            var enDocument = HtmlPage.Parse(await PageAsync(english));
            var frDocument = HtmlPage.Parse(await PageAsync(french));
            var data = frDocument.QuerySelectorAll(".quote, [data-testid=partner-name], [data-sku] td:first-child, .contact a, address, .language-switcher li, [data-testid=language-switcher] li, .partner-headline, .partner-introduction")
                .SelectMany(e => e.Descendants<IText>().Select(t => t.Data.Trim()).Append(e.TextContent.Trim())).ToHashSet(StringComparer.Ordinal);
            data.UnionWith(["Contoso Partners", "PartnerCms"]);
            Assert.Equal("fr-FR", frDocument.DocumentElement.GetAttribute("lang"));
            Assert.True(frDocument.QuerySelector("[data-testid=errors], .field-validation-error") is not null || post is null, $"{page}: no error shown");
            unlocalized.AddRange(Texts(frDocument).Intersect(Texts(enDocument)).Where(t => !data.Contains(t)).Select(t => $"{page}: {t}"));
        }

        using var frenchCustomer = _site.Anonymous();
        await VisitAsync(frenchCustomer, delegation + "&lang=fr-FR", null);
        var decided = await OfferSteps.ApproveRolesAsync(frenchCustomer, delegation, domain, [PartnerCms.Core.Security.DelegatedRoles.PasswordAdministrator]);
        var decidedPage = WebUtility.HtmlDecode(await decided.Content.ReadAsStringAsync());

        Assert.True(unlocalized.Count == 0, string.Join(" | ", unlocalized));
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Contains("Contoso Partners est désormais votre administrateur délégué", decidedPage, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "R12")]
    public async Task The_operator_enables_a_culture_and_changes_a_countrys_culture_and_a_partner_cannot()
    {
        using var operatorClient = await _site.SignInAsync(DemoUsers.Operator);
        using var partner = await _site.SignInAsync(DemoUsers.ContosoAdmin);
        var (_, page) = await operatorClient.GetPageAsync("/admin/cultures");
        var enabled = await operatorClient.PostFormAsync("/admin/cultures/enable", new Dictionary<string, string> { ["culture"] = "ja-JP" }, "/admin/cultures");
        var again = await operatorClient.PostFormAsync("/admin/cultures/enable", new Dictionary<string, string> { ["culture"] = "ja-jp" }, "/admin/cultures");
        var madeUp = await operatorClient.PostFormAsync("/admin/cultures/enable", new Dictionary<string, string> { ["culture"] = "xx-<script>" }, "/admin/cultures");
        var madeUpPage = await madeUp.Content.ReadAsStringAsync();
        var english = await operatorClient.PostFormAsync("/admin/cultures/disable", new Dictionary<string, string> { ["culture"] = "en-US" }, "/admin/cultures");
        var country = await operatorClient.PostFormAsync("/admin/cultures/countries", new Dictionary<string, string> { ["country"] = "CH", ["culture"] = "fr-CH" }, "/admin/cultures");
        var badCountry = await operatorClient.PostFormAsync("/admin/cultures/countries", new Dictionary<string, string> { ["country"] = "ZZ", ["culture"] = "fr-CH" }, "/admin/cultures");
        var partnerPage = await partner.GetAsync("/admin/cultures");
        var partnerPost = await partner.PostFormAsync("/admin/cultures/enable", new Dictionary<string, string> { ["culture"] = "it-IT" }, "/partner");
        var (_, after) = await operatorClient.GetPageAsync("/admin/cultures");
        var cultures = _site.Services.GetRequiredService<PortalCultures>();
        var (_, textsPage) = await (await _site.SignInAsync(DemoUsers.ContosoMarketing)).GetPageAsync("/partner/branding/texts/ja-JP");

        HtmlPage.AssertHas(page, "[data-testid=enabled-cultures] [data-culture=de-DE]");
        Assert.Equal(HttpStatusCode.Redirect, enabled.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, madeUp.StatusCode);
        Assert.Contains("is not a culture .NET knows", HtmlPage.Text(madeUpPage, "[data-testid=culture-error]"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, english.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, country.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badCountry.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, partnerPage.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, partnerPost.StatusCode);
        HtmlPage.AssertHas(after, "[data-testid=enabled-cultures] [data-culture=ja-JP]");
        Assert.Equal("fr-FR", HtmlPage.Text(after, "[data-testid=countries] [data-country=CH] [data-field=uses]"));
        Assert.NotNull(cultures.Find("ja-JP"));
        Assert.Null(cultures.Find("it-IT"));
        Assert.Equal("fr-FR", cultures.ForCountry("CH")?.Name);
        HtmlPage.AssertHas(textsPage, "[data-testid=texts-form]");
    }

    [Fact]
    [Trait("Rule", "R12")]
    [Trait("Rule", "R13")]
    public async Task A_French_visitor_who_chose_French_signs_up_accepts_and_is_thanked_in_French()
    {
        using var sales = await _site.SignInAsync(DemoUsers.ContosoSales);
        var quote = await OfferSteps.CreateOfferAsync(sales, "purchase", "US", await OfficeAsync(), [("INTUNE-P1", 3)], delegated: true);
        var link = await OfferSteps.LinkPathAsync(sales, quote);
        using var visitor = _site.Anonymous();
        var (_, landing) = await VisitAsync(visitor, link + "&lang=fr-FR", "en-US");

        var (status, accepted, domain) = await OfferSteps.SignUpAsync(visitor, link, $"fr{Guid.NewGuid():N}"[..14] + ".example", new() { ["INTUNE-P1"] = 2 }, delegated: false);

        Assert.Contains("Votre offre de Contoso Partners", WebUtility.HtmlDecode(landing), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"Merci : Test {domain} a accepté l’offre {quote}.", accepted, StringComparison.Ordinal);
        Assert.Contains("Vos abonnements", accepted, StringComparison.Ordinal);
        Assert.Contains("Vous n’avez pas accepté l’administration déléguée.", accepted, StringComparison.Ordinal);
        Assert.Equal("fr-FR", HtmlPage.Parse(accepted).DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    [Trait("Rule", "R12")]
    public async Task A_link_that_leads_nowhere_is_explained_in_the_visitors_language()
    {
        using var visitor = _site.Anonymous();
        var (response, page) = await VisitAsync(visitor, "/offers/Q-NOT-REAL?advisor=4412345&sig=forged", "de-DE");
        var (englishResponse, englishPage) = await VisitAsync(visitor, "/offers/Q-NOT-REAL?advisor=4412345&sig=forged", "en-US");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Dieser Angebotslink ist ungültig", HtmlPage.Text(page, "h1"));
        Assert.Contains("An keinem Konto wurde etwas geändert.", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, englishResponse.StatusCode);
        Assert.Equal("This offer link is not valid", HtmlPage.Text(englishPage, "h1"));
    }

    private Task<string> OfficeAsync() => OfferSteps.OfficeAsync(_site, Contoso, "RED-001");
}

public sealed class LandingCultureTestsOnSqlite() : LandingCultureTests(TestDatabase.Sqlite);

public sealed class LandingCultureTestsOnPostgres() : LandingCultureTests(TestDatabase.Postgres);
