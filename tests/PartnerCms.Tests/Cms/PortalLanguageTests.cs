using System.Globalization;
using System.Net;
using System.Resources;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Data;
using PartnerCms.Landing;
using PartnerCms.Tests.Infrastructure;

namespace PartnerCms.Tests.Cms;

/// <summary>
/// The customer's account portal speaks the customer's language: every page a customer's global administrator reaches
/// is rendered in English, German and French, and a text that reads the same in all three (and is not the customer's
/// own data) is a string that was not localized — the test names it. Messages services write in English (validation,
/// "saved" notices) are shown translated; partner staff keep the partner portal's English; the language switcher's
/// choice is kept.
/// </summary>
[Trait("Area", "Cms")]
public sealed partial class PortalLanguageTests : IAsyncLifetime
{
    private static readonly string[] Pages =
    [
        "/admin", "/portal", "/portal/users", "/portal/users/new", "/portal/domains", "/portal/subscriptions/manage",
        "/portal/subscriptions/purchase", "/portal/partners", "/portal/service-requests", "/notifications",
        "/account/security", "/account/change-password", "/portal/api-clients", "/portal/webhooks", "/portal/audit",
    ];

    /// <summary>Texts that are the same in every language: product and brand names, and the language switcher's own names.</summary>
    private static readonly string[] SameInEveryLanguage = ["PartnerCms", "Webhooks", "Standard Webhooks", "URL (https)", "Deutsch", "English", "Français", "UTC", "Microsoft Authenticator", "Google Authenticator", "1Password"];

    private PartnerCmsSite _site = null!;

    public async Task InitializeAsync()
    {
        _site = new PartnerCmsSite(TestDatabase.Sqlite);
        await _site.RunRecipeAsync("second-partner.recipe.json");
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private static async Task<string> PageAsync(PortalClient client, string url, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept-Language", language);
        using var response = await client.Http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} in {language}: {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    [GeneratedRegex(@"[\w.+-]+@[\w-]+(\.[\w-]+)+|\b[\w-]+(\.[\w-]+)+\b|(?<![\w])/[\w/.-]+|[\d.,:/+()#\-–—·|]+", RegexOptions.ExplicitCapture)]
    private static partial Regex NotWords();

    /// <summary>What a reader sees of a page: its texts and the labels assistive technology reads.</summary>
    private static IEnumerable<string> Texts(string html)
    {
        var document = HtmlPage.Parse(html);
        var texts = document.Body!.Descendants<IText>()
            .Where(t => t.ParentElement?.LocalName is not ("script" or "style" or "code"))
            .Select(t => t.Data);
        var attributes = document.All.SelectMany(e => e.Attributes)
            .Where(a => a.Name is "alt" or "title" or "aria-label" or "placeholder" || a.Name.StartsWith("data-say-", StringComparison.Ordinal))
            .Select(a => a.Value);
        return texts.Concat(attributes).Select(t => Regex.Replace(t, @"\s+", " ").Trim()).Where(t => t.Any(char.IsLetter));
    }

    /// <summary>The customer's own data (names, catalog entries) shown on the portal: the same in every language.</summary>
    private async Task<HashSet<string>> DataAsync() => await _site.AsSystemAsync(async services =>
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>();
        var data = new HashSet<string>(StringComparer.Ordinal);
        data.UnionWith(await db.Organizations.IgnoreQueryFilters().Select(o => o.Name).ToListAsync());
        data.UnionWith(await db.Users.IgnoreQueryFilters().Select(u => u.DisplayName).ToListAsync());
        data.UnionWith(await db.Set<PartnerCms.Catalog.Models.Sku>().Select(s => s.Name).ToListAsync());
        data.UnionWith(await db.Set<PartnerCms.Catalog.Models.Sku>().Select(s => s.Description).ToListAsync());

        // An audit entry records who acted and on what as it happened: its actor and target are kept as written.
        var entries = await db.Set<PartnerCms.Audit.Models.AuditEntry>().IgnoreQueryFilters().Select(e => new { e.ActorUserName, e.Target }).ToListAsync();
        data.UnionWith(entries.SelectMany(e => new[] { e.ActorUserName, e.Target }).OfType<string>());
        return data.Select(d => Regex.Replace(d, @"\s+", " ").Trim()).ToHashSet(StringComparer.Ordinal);
    });

    private static string? Unlocalized(string text, HashSet<string> data)
    {
        if (data.Contains(text) || SameInEveryLanguage.Contains(text, StringComparer.Ordinal))
        {
            return null;
        }

        // Take out addresses, domains, numbers, dates and the data and names; a word left over is the portal's own.
        var rest = NotWords().Replace(text, " ");
        foreach (var value in data.Concat(SameInEveryLanguage).Where(v => v.Length > 1).OrderByDescending(v => v.Length))
        {
            rest = rest.Replace(value, " ", StringComparison.Ordinal);
        }

        return rest.Any(char.IsLetter) ? text : null;
    }

    [Fact]
    [Trait("Rule", "R15")]
    public async Task Every_page_of_the_customers_account_portal_speaks_German_and_French_with_no_string_left_in_English()
    {
        using var customer = await _site.SignInAsync(DemoUsers.FabrikamAdmin);
        await _site.DeliverEventsAsync(); // the audit trail is written from events: all of them in before its data is read
        var data = await DataAsync();
        var unlocalized = new List<string>();
        foreach (var page in Pages)
        {
            var english = Texts(await PageAsync(customer, page, "en-US")).ToHashSet(StringComparer.Ordinal);
            var german = Texts(await PageAsync(customer, page, "de-DE,de;q=0.9")).ToHashSet(StringComparer.Ordinal);
            var french = Texts(await PageAsync(customer, page, "fr-FR,fr;q=0.9")).ToHashSet(StringComparer.Ordinal);
            Assert.True(english.Count > 5, $"{page} showed almost nothing");
            unlocalized.AddRange(english.Where(german.Contains).Where(french.Contains).Select(t => Unlocalized(t, data)).OfType<string>().Select(t => $"{page}: {t}"));
        }

        Assert.True(unlocalized.Count == 0, "Not localized: " + string.Join(" | ", unlocalized.Distinct(StringComparer.Ordinal)));

        // R15 in the customer's language: the partner they made their delegated administrator, its roles in German, and Remove.
        var partners = await PageAsync(customer, "/portal/partners", "de-DE");
        var row = HtmlPage.Text(partners, "[data-testid='partners'] tbody tr");
        Assert.Contains("Contoso Partners", row, StringComparison.Ordinal);
        Assert.Contains("Globaler Administrator", row, StringComparison.Ordinal);
        Assert.Contains("Entfernen", row, StringComparison.Ordinal);
        Assert.Equal("de-DE", HtmlPage.Parse(partners).DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task Messages_written_in_English_by_the_services_are_shown_in_the_page_language_and_dates_follow_it()
    {
        using var customer = await _site.SignInAsync(DemoUsers.FabrikamAdmin);
        customer.Http.DefaultRequestHeaders.TryAddWithoutValidation("Accept-Language", "de-DE");

        // A refused domain: the validation message the domain service wrote, in German, in the page (400, nothing added).
        var refused = await customer.PostFormAsync("/portal/domains", new() { ["NewDomain"] = "not a domain" }, tokenPage: "/portal/domains");
        var refusedPage = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Geben Sie einen Domänennamen wie contoso.com ein", HtmlPage.Text(refusedPage, "#NewDomain-error"), StringComparison.Ordinal);

        // An added domain: the notice carries the typed value inside the German sentence.
        var added = await customer.PostFormAsync("/portal/domains", new() { ["NewDomain"] = "fabrikam-de.example" }, tokenPage: "/portal/domains");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var domains = await customer.Http.GetStringAsync("/portal/domains");
        Assert.Contains("fabrikam-de.example wurde hinzugefügt.", HtmlPage.Text(domains, ".notice.success"), StringComparison.Ordinal);

        // A wrong current password: Identity's own check, said in German.
        var password = await customer.PostFormAsync("/account/change-password", new()
        {
            ["CurrentPassword"] = "Not-The-Password-1",
            ["NewPassword"] = "Another-Password-2026",
            ["ConfirmPassword"] = "Another-Password-2026",
        }, tokenPage: "/account/change-password");
        Assert.Contains("Das aktuelle Kennwort ist nicht richtig.", await password.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Dates in the German form on Manage subscriptions.
        var subscriptions = await customer.Http.GetStringAsync("/portal/subscriptions/manage");
        Assert.Matches(@"Ab \d{2}\.\d{2}\.\d{4}", HtmlPage.Text(subscriptions, "[data-testid='subscriptions']"));
    }

    [Fact]
    public async Task The_language_switcher_keeps_the_choice_and_partner_staff_keep_the_partner_portals_English()
    {
        using var customer = await _site.SignInAsync(DemoUsers.FabrikamAdmin);
        var english = await customer.Http.GetStringAsync("/portal/users");
        var switcher = HtmlPage.All(english, "[data-testid='language-switcher'] a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Contains("/portal/users?lang=fr-FR", switcher);

        var chosen = await customer.Http.GetStringAsync("/portal/users?lang=fr-FR");
        Assert.Equal("Utilisateurs", HtmlPage.Text(chosen, "main h1"));
        var later = await customer.Http.GetStringAsync("/portal/domains");
        Assert.Equal("Domaines", HtmlPage.Text(later, "main h1"));
        Assert.Equal("fr-FR", HtmlPage.Parse(later).DocumentElement.GetAttribute("lang"));

        // A language the portal does not speak is ignored.
        var ignored = await customer.Http.GetStringAsync("/portal/domains?lang=xx-<script>");
        Assert.Equal("Domaines", HtmlPage.Text(ignored, "main h1"));

        // The partner's global administrator on their own account portal, with a German browser: English, no switcher.
        using var partner = await _site.SignInAsync(DemoUsers.ContosoAdmin);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/portal/users");
        request.Headers.TryAddWithoutValidation("Accept-Language", "de-DE");
        var staff = await (await partner.Http.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Equal("Users", HtmlPage.Text(staff, "main h1"));
        Assert.False(HtmlPage.Has(staff, "[data-testid='language-switcher']"));
    }

    [Theory]
    [InlineData("de")]
    [InlineData("fr")]
    public void Every_string_the_account_portal_views_translate_has_a_text_in_the_shipped_languages(string language)
    {
        var resources = new ResourceManager("PartnerCms.Landing.LandingStrings", typeof(LandingStrings).Assembly);
        var culture = CultureInfo.GetCultureInfo(language);
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
        var views = System.IO.Directory.GetFiles(Path.Combine(root, "modules"), "*.cshtml", SearchOption.AllDirectories)
            .Concat(System.IO.Directory.GetFiles(Path.Combine(root, "themes"), "*.cshtml", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        var keys = views.SelectMany(f => TranslatedLiteral().Matches(File.ReadAllText(f)).Select(m => m.Groups["key"].Value.Replace("\\\"", "\"", StringComparison.Ordinal)))
            .Distinct(StringComparer.Ordinal).ToList();
        var missing = keys.Where(k => resources.GetString(k, culture) is not { Length: > 0 }).ToList();

        Assert.True(keys.Count > 200, $"only {keys.Count} strings found under {root}");
        Assert.Empty(missing);
    }

    [GeneratedRegex(@"\bT\[""(?<key>(?:[^""\\]|\\.)*)""", RegexOptions.ExplicitCapture)]
    private static partial Regex TranslatedLiteral();
}
