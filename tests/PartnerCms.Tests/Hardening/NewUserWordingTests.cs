using AngleSharp.Html.Parser;
using PartnerCms.Tests.Infrastructure;
using static PartnerCms.Tests.Infrastructure.OfferSteps;

namespace PartnerCms.Tests.Hardening;

/// <summary>
/// What a new user stumbled on in the outside walk: a delegated-administration offer called a purchase offer in its hint,
/// a billing note about subscriptions on pages that offer none, internal kind names in the branding preview's list, a
/// preview frame sized inline (blocked by the admin pages' policy), scrolling tables no keyboard could reach.
/// </summary>
[Trait("Area", "Hardening")]
public sealed class NewUserWordingTests
{
    private static readonly HtmlParser Parser = new();

    [Fact]
    [Trait("Rule", "R14")]
    public async Task Delegated_administration_pages_speak_of_delegated_administration_not_of_purchases_or_subscriptions()
    {
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite);
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var office = await OfficeAsync(site, "contoso-partners", "RED-001");
        var created = await sales.PostFormAsync("/partner/offers/new/delegated-admin", new Dictionary<string, string> { ["OfficeId"] = office }, "/partner/offers/new/delegated-admin");
        var delegation = created.Headers.Location!.OriginalString.Split('/').Last();
        var purchase = await CreateOfferAsync(sales, "purchase", "US", office, [("INTUNE-P1", 2)]);
        using var visitor = site.Anonymous();

        var offerPage = Parser.ParseDocument((await sales.GetPageAsync($"/partner/offers/{delegation}")).Body);
        var delegationLanding = Parser.ParseDocument((await visitor.GetPageAsync(await LinkPathAsync(sales, delegation))).Body);
        var delegationAccept = Parser.ParseDocument((await visitor.GetPageAsync(AcceptPath(await LinkPathAsync(sales, delegation)))).Body);
        var purchaseLanding = Parser.ParseDocument((await visitor.GetPageAsync(await LinkPathAsync(sales, purchase))).Body);

        Assert.Contains(offerPage.QuerySelectorAll(".hint"), h => h.TextContent.Contains("delegated-administration offer template", StringComparison.Ordinal));
        Assert.DoesNotContain(offerPage.QuerySelectorAll(".hint"), h => h.TextContent.Contains("purchase offer template", StringComparison.Ordinal));
        Assert.Empty(delegationLanding.QuerySelectorAll("footer .fine-print"));
        Assert.Empty(delegationAccept.QuerySelectorAll("footer .fine-print"));
        Assert.Contains("advisor of the subscriptions", purchaseLanding.QuerySelector("footer .fine-print")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_branding_preview_lists_offers_in_words_and_is_sized_by_the_stylesheet_and_scrolling_tables_take_the_keyboard()
    {
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite);
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        await CreateOfferAsync(sales, "purchase", "US", await OfficeAsync(site, "contoso-partners", "RED-001"), [("INTUNE-P1", 2)]);
        using var marketing = await site.SignInAsync(DemoUsers.ContosoMarketing);
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);

        var branding = Parser.ParseDocument((await marketing.GetPageAsync("/partner/branding")).Body);
        var options = branding.QuerySelectorAll("option").Select(o => o.TextContent).ToList();
        var frame = branding.QuerySelector("[data-testid='preview-frame']")!;
        var audit = Parser.ParseDocument((await admin.GetPageAsync("/partner/audit")).Body);
        var workflows = Parser.ParseDocument((await admin.GetPageAsync("/partner/workflows")).Body);

        Assert.Contains(options, o => o.EndsWith("(purchase offer)", StringComparison.Ordinal));
        Assert.DoesNotContain(options, o => o.Contains("PurchaseOffer", StringComparison.Ordinal));
        Assert.Null(frame.GetAttribute("style"));
        Assert.Contains("preview-frame", frame.ClassList);
        var scrolling = audit.QuerySelectorAll(".table-scroll").Concat(workflows.QuerySelectorAll(".table-scroll")).ToList();
        Assert.NotEmpty(scrolling);
        Assert.All(scrolling, box => Assert.Equal(("0", "region"), (box.GetAttribute("tabindex"), box.GetAttribute("role"))));
        Assert.All(scrolling, box => Assert.False(string.IsNullOrWhiteSpace(box.GetAttribute("aria-label"))));
    }

    [Fact]
    public async Task A_refused_branding_save_says_it_was_not_saved_instead_of_draft_saved()
    {
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite);
        using var marketing = await site.SignInAsync(DemoUsers.ContosoMarketing);
        Dictionary<string, string> Form(string headline) => new()
        {
            ["PrimaryColor"] = "#12324f",
            ["AccentColor"] = "#0b5cad",
            ["Headline"] = headline,
            ["Introduction"] = "",
            ["LayoutOverride"] = "",
            ["ShowPhone"] = "true",
            ["ShowEmail"] = "true",
            ["ShowWebSite"] = "true",
            ["ShowAddress"] = "false",
        };

        var saved = await marketing.PostMultipartAsync("/partner/branding", Form("Welcome"), null, "/partner/branding");
        var savedPage = Parser.ParseDocument((await marketing.GetPageAsync("/partner/branding")).Body);
        var refused = await marketing.PostMultipartAsync("/partner/branding", Form("Hello {{ partner.name"), null, "/partner/branding");
        var refusedPage = Parser.ParseDocument(await refused.Content.ReadAsStringAsync());

        Assert.Equal(System.Net.HttpStatusCode.Redirect, saved.StatusCode);
        Assert.StartsWith("Draft saved", savedPage.QuerySelector("[data-testid='draft-state']")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        var state = refusedPage.QuerySelector("[data-testid='draft-state']")!.TextContent.Trim();
        Assert.StartsWith("Not saved", state, StringComparison.Ordinal);
        Assert.DoesNotContain("Draft saved", state, StringComparison.Ordinal);
    }
}
