using System.Net;
using PartnerCms.Tests.Infrastructure;

namespace PartnerCms.Tests.Cms;

/// <summary>
/// A partner's public page is the one landing page meant to be found: indexable, with its canonical address and share
/// tags, in the visitor's language among the partner's published cultures; an offer's page stays noindex (a personal
/// invitation). Only partners have one: a customer's id, an unknown id or a hostile one is a plain 404.
/// </summary>
[Trait("Area", "Cms")]
public abstract class PartnerPublicPageTests(TestDatabase database) : IAsyncLifetime
{
    private PartnerCmsSite _site = null!;

    public async Task InitializeAsync()
    {
        _site = new PartnerCmsSite(database);
        await _site.RunRecipeAsync("second-partner.recipe.json");
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private static string Meta(string html, string key) =>
        HtmlPage.Parse(html).QuerySelector($"meta[name='{key}'], meta[property='{key}']")?.GetAttribute("content") ?? string.Empty;

    [Fact]
    [Trait("Rule", "R1")]
    public async Task The_partners_public_page_shows_its_company_information_and_is_indexable_while_offer_pages_are_not()
    {
        using var visitor = _site.Anonymous();
        var response = await visitor.Http.GetAsync("/partners/contoso-partners");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Contoso Partners", HtmlPage.Text(html, "[data-testid='partner-page'] h1"));
        Assert.NotEmpty(HtmlPage.All(html, "[data-testid='offices'] li"));
        Assert.Contains("Questions? Contact Contoso Partners", HtmlPage.Text(html, "footer"), StringComparison.Ordinal);
        Assert.Equal("index, follow", Meta(html, "robots"));
        var canonical = HtmlPage.Parse(html).QuerySelector("link[rel='canonical']")?.GetAttribute("href");
        Assert.NotNull(canonical);
        Assert.EndsWith("/partners/contoso-partners", canonical, StringComparison.Ordinal);
        Assert.Equal(canonical, Meta(html, "og:url"));
        Assert.Equal("Contoso Partners", Meta(html, "og:site_name"));
        Assert.False(HtmlPage.Has(html, ".fine-print"), "the public page is no offer: no billing fine print");

        // R1: the company information a partner's global administrator edits is what customers see here.
        using var admin = await _site.SignInAsync(DemoUsers.ContosoAdmin);
        var company = await admin.Http.GetStringAsync("/partner/company");
        var phone = HtmlPage.Text(company, "[data-field='Phone']");
        Assert.False(string.IsNullOrEmpty(phone));
        Assert.Contains(phone, HtmlPage.Text(html, "footer"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_French_visitor_reads_the_page_in_French_and_only_partners_have_one()
    {
        using var visitor = _site.Anonymous();
        // Contoso published French texts (not German): a French choice gets French, the portal's words included.
        var french = await visitor.Http.GetStringAsync("/partners/contoso-partners?lang=fr-FR");
        Assert.Equal("fr-FR", HtmlPage.Parse(french).DocumentElement.GetAttribute("lang"));
        Assert.Equal("Travailler avec Contoso Partners", HtmlPage.Text(french, "#work-heading"));
        Assert.Contains("/partners/contoso-partners?lang=en-US", HtmlPage.All(french, "[data-testid='language-switcher'] a").Select(a => a.GetAttribute("href")));

        foreach (var id in new[] { "fabrikam", "no-such-partner", "..%2F..%2Fadmin", "%3Cscript%3E", new string('a', 65), "contoso-partners.example" })
        {
            var response = await visitor.Http.GetAsync("/partners/" + id);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"/partners/{id}: {(int)response.StatusCode}");
        }

        // A hostile language choice is ignored: a new visitor gets the page in the default language.
        using var stranger = _site.Anonymous();
        var hostile = await stranger.Http.GetAsync("/partners/contoso-partners?lang=de%3Cscript%3E");
        Assert.Equal(HttpStatusCode.OK, hostile.StatusCode);
        Assert.Equal("en", HtmlPage.Parse(await hostile.Content.ReadAsStringAsync()).DocumentElement.GetAttribute("lang")?[..2]);
    }
}

public sealed class PartnerPublicPageTestsOnSqlite() : PartnerPublicPageTests(TestDatabase.Sqlite);

public sealed class PartnerPublicPageTestsOnPostgres() : PartnerPublicPageTests(TestDatabase.Postgres);
