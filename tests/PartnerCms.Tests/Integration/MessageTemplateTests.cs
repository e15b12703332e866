using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Templates.Services;
using PartnerCms.Tests.Infrastructure;

namespace PartnerCms.Tests.Integration;

/// <summary>Message templates (R9's message): marketing edits, previews and publishes; nobody else reaches them.</summary>
public abstract class MessageTemplateTests(PartnerCmsSite site)
{
    private const string Kind = "purchase-offer";

    private static Dictionary<string, string> Form(string subject, string body, int version) => new()
    {
        ["subject"] = subject,
        ["body"] = body,
        ["version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private Task<IReadOnlyList<TemplateVersion>> HistoryAsync(string organizationId, string kind = Kind) =>
        site.AsSystemAsync(sp => sp.GetRequiredService<MessageTemplateService>().HistoryAsync(organizationId, kind));

    private Task<PartnerCms.Templates.Models.MessageTemplatePart?> PublishedAsync(string organizationId, string kind = Kind) =>
        site.AsSystemAsync(sp => sp.GetRequiredService<MessageTemplateService>().GetPublishedAsync(organizationId, kind));

    private async Task<int> LatestVersionAsync(string organizationId, string kind = Kind) =>
        (await HistoryAsync(organizationId, kind)).FirstOrDefault(v => v.Latest)?.Version ?? 0;

    [Fact]
    [Trait("Rule", "R9")]
    public async Task Every_partner_starts_from_the_published_defaults_which_carry_the_offer_link()
    {
        var published = await PublishedAsync("woodgrove-partners", "trial-invitation");

        Assert.NotNull(published);
        Assert.True(MessageTemplateService.HasOfferLink(published.Body));
    }

    [Fact]
    [Trait("Rule", "R9")]
    public async Task Marketing_saves_a_draft_and_publishes_it()
    {
        using var marketing = await site.SignInAsync(DemoUsers.ContosoMarketing);
        var body = "Hello from {{ partner.name }}: {{ offer.link }}";

        var saved = await marketing.PostFormAsync($"/partner/templates/{Kind}", Form("Offer {{ offer.quote_id }}", body, await LatestVersionAsync("contoso-partners")));
        var published = await marketing.PostFormAsync($"/partner/templates/{Kind}/publish", []);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        Assert.Equal(body, (await PublishedAsync("contoso-partners"))!.Body);
    }

    [Fact]
    public async Task A_syntax_error_is_shown_at_its_line_and_nothing_is_saved()
    {
        using var marketing = await site.SignInAsync(DemoUsers.ContosoMarketing);
        var before = await HistoryAsync("contoso-partners", "customer-welcome");

        var response = await marketing.PostFormAsync("/partner/templates/customer-welcome", Form("Welcome", "Hello\n{{ customer.name }\nBye", 0));
        var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Line 2, column", body);
        Assert.Equal(before.Count, (await HistoryAsync("contoso-partners", "customer-welcome")).Count);
    }

    [Fact]
    public async Task An_offer_template_without_the_offer_link_cannot_be_published()
    {
        using var marketing = await site.SignInAsync(DemoUsers.ContosoMarketing);
        var publishedBefore = await PublishedAsync("contoso-partners", "delegated-administration-offer");

        var saved = await marketing.PostFormAsync("/partner/templates/delegated-administration-offer",
            Form("Let us help", "Call us and we will send you a link.", await LatestVersionAsync("contoso-partners", "delegated-administration-offer")));
        var publish = await marketing.PostFormAsync("/partner/templates/delegated-administration-offer/publish", []);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, publish.StatusCode);
        Assert.Contains("must contain the offer link", await publish.Content.ReadAsStringAsync());
        Assert.Equal(publishedBefore?.Body, (await PublishedAsync("contoso-partners", "delegated-administration-offer"))?.Body);
    }

    [Fact]
    public async Task The_preview_renders_sample_data_and_a_runaway_loop_gets_a_clear_error_quickly()
    {
        using var marketing = await site.SignInAsync(DemoUsers.ContosoMarketing);

        var preview = await marketing.PostFormAsync($"/partner/templates/{Kind}/preview", Form("Offer {{ offer.quote_id }}", "{% for s in offer.subscriptions %}{{ s.name }} x{{ s.licences }};{% endfor %} {{ offer.link }}", 0));
        var runaway = await marketing.PostFormAsync($"/partner/templates/{Kind}/preview", Form("x", "{% for i in (1..100000000) %}{% for j in (1..100000000) %}{% endfor %}{% endfor %}", 0));

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains("Microsoft Intune Plan 1 x50;Entra ID P2 x50;", await preview.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, runaway.StatusCode);
        Assert.Contains("a message may repeat at most", await runaway.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Sales_cannot_open_or_change_the_templates()
    {
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var before = await HistoryAsync("contoso-partners", "partner-notification");

        var list = await sales.GetAsync("/partner/templates");
        var edit = await sales.GetAsync("/partner/templates/partner-notification");
        var save = await sales.PostFormAsync("/partner/templates/partner-notification", Form("Hi", "Hi", 0));
        var publish = await sales.PostFormAsync("/partner/templates/partner-notification/publish", []);

        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, edit.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, save.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, publish.StatusCode);
        Assert.Equal(before.Count, (await HistoryAsync("contoso-partners", "partner-notification")).Count);
    }

    [Fact]
    public async Task Another_partner_neither_sees_nor_changes_these_templates()
    {
        using var contoso = await site.SignInAsync(DemoUsers.ContosoMarketing);
        await contoso.PostFormAsync("/partner/templates/trial-invitation", Form("Contoso secret subject", "Contoso only {{ offer.link }}", await LatestVersionAsync("contoso-partners", "trial-invitation")));
        using var woodgrove = await site.SignInAsync(DemoUsers.WoodgroveAdmin);

        var (_, page) = await woodgrove.GetPageAsync("/partner/templates/trial-invitation");
        var (_, history) = await woodgrove.GetPageAsync("/partner/templates/trial-invitation/history");
        var save = await woodgrove.PostFormAsync("/partner/templates/trial-invitation", Form("Woodgrove", "Woodgrove {{ offer.link }}", 0));

        Assert.DoesNotContain("Contoso secret subject", page);
        Assert.DoesNotContain("Contoso", history);
        Assert.Equal(HttpStatusCode.Redirect, save.StatusCode);
        Assert.Contains("Contoso only", (await HistoryAsync("contoso-partners", "trial-invitation")).First(v => v.Latest).Body);
    }

    [Fact]
    public async Task History_keeps_every_version_and_restore_brings_an_old_one_back_as_a_draft()
    {
        using var marketing = await site.SignInAsync(DemoUsers.ContosoMarketing);
        const string kind = "partner-notification";
        await marketing.PostFormAsync($"/partner/templates/{kind}", Form("First", "First body", await LatestVersionAsync("contoso-partners", kind)));
        await marketing.PostFormAsync($"/partner/templates/{kind}/publish", []);
        var firstVersion = await LatestVersionAsync("contoso-partners", kind);
        await marketing.PostFormAsync($"/partner/templates/{kind}", Form("Second", "Second body", firstVersion));

        var diff = await marketing.GetPageAsync($"/partner/templates/{kind}/diff?from={firstVersion}&to={firstVersion + 1}");
        var restore = await marketing.PostFormAsync($"/partner/templates/{kind}/restore", new() { ["version"] = firstVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var history = await HistoryAsync("contoso-partners", kind);

        Assert.Contains("- First body", WebUtility.HtmlDecode(diff.Body));
        Assert.Contains("+ Second body", WebUtility.HtmlDecode(diff.Body));
        Assert.Equal(HttpStatusCode.Redirect, restore.StatusCode);
        Assert.Equal("First body", history.First(v => v.Latest).Body);
        Assert.Contains(history, v => v.Body == "Second body");
        Assert.Equal("First body", (await PublishedAsync("contoso-partners", kind))!.Body);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MessageTemplateTestsOnSqlite(SqliteSite shared) : MessageTemplateTests(shared.Site);

[Collection(PostgresCollection.Name)]
public sealed class MessageTemplateTestsOnPostgres(PostgresSite shared) : MessageTemplateTests(shared.Site);
