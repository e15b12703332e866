using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PartnerCms.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static PartnerCms.Tests.Infrastructure.OfferSteps;

namespace PartnerCms.Tests.Browser;

/// <summary>
/// The demo's welcome workflow as its users meet it, in Chromium: a customer accepts an offer; the sales user sees the
/// notification in the top bar and opens it; the partner administrator follows the run's journal; the operator sees
/// the welcome e-mail in the outgoing mail.
/// </summary>
[Trait("Category", "Browser")]
[Trait("Area", "Workflows")]
[Collection(BrowserCollection.Name)]
public sealed class WorkflowBrowserTests(BrowserSession browser) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task An_accepted_offer_notifies_sales_in_the_top_bar_and_the_administrator_follows_the_run()
    {
        var site = browser.Site;
        await site.DeliverEventsAsync();
        using (var salesClient = await site.SignInAsync(DemoUsers.ContosoSales))
        {
            var quote = await CreateOfferAsync(salesClient, "purchase", "US", await OfficeAsync(site, "contoso-partners", "RED-001"), [("INTUNE-P1", 2)]);
            using var visitor = site.Anonymous();
            var accepted = await SignUpAsync(visitor, await LinkPathAsync(salesClient, quote), NewDomain(), new() { ["INTUNE-P1"] = 2 });
            Assert.Equal(System.Net.HttpStatusCode.OK, accepted.Status);
        }

        await site.DeliverEventsAsync();

        var sales = await browser.SignInAsync(DemoUsers.ContosoSales);
        await sales.GotoAsync("/partner");
        var bell = sales.GetByTestId("topbar-notifications");
        await Expect(sales.GetByTestId("notifications-badge")).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(sales, "workflow-notification-badge");
        await bell.ClickAsync();
        var item = sales.Locator("[data-notification]").First;
        await Expect(item).ToContainTextAsync("accepted offer");
        await item.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        await Expect(sales).ToHaveURLAsync(new Regex("/partner/commerce\\?QuoteId="));
        await Expect(sales.GetByTestId("notifications-badge")).ToHaveCountAsync(0);
        await sales.Context.CloseAsync();

        var admin = await browser.SignInAsync(DemoUsers.ContosoAdmin);
        await admin.GotoAsync("/partner");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Workflows", Exact = true }).First.ClickAsync();
        await Expect(admin.GetByTestId("workflows")).ToContainTextAsync("Welcome new customers");
        await admin.GetByRole(AriaRole.Link, new() { Name = "All runs" }).ClickAsync();
        await admin.Locator("tr", new() { HasText = "Welcome new customers" }).First.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(admin.GetByTestId("instance-status")).ToHaveTextAsync("Finished");
        await Expect(admin.Locator("[data-activity='welcome']")).ToContainTextAsync("Done");
        await BrowserSession.ScreenshotAsync(admin, "workflow-run-journal");
        await admin.Context.CloseAsync();

        var operatorPage = await browser.SignInAsync(DemoUsers.Operator);
        await operatorPage.GotoAsync("/admin/mail");
        await Expect(operatorPage.GetByTestId("mails")).ToContainTextAsync("Welcome to Contoso Partners: offer");
        await BrowserSession.ScreenshotAsync(operatorPage, "outgoing-mail");
        await operatorPage.Context.CloseAsync();
    }
}
