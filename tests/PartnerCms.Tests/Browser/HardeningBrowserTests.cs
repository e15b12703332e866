using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PartnerCms.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static PartnerCms.Tests.Infrastructure.OfferSteps;

namespace PartnerCms.Tests.Browser;

/// <summary>What a user met walking the portal in Chromium (the outside review), each checked in Chromium again.</summary>
[Trait("Category", "Browser")]
[Trait("Area", "Hardening")]
[Collection(BrowserCollection.Name)]
public sealed class HardeningBrowserTests(BrowserSession browser) : IClassFixture<BrowserSession>
{
    private async Task<string> NewOfferAsync(bool delegated)
    {
        using var sales = await browser.Site.SignInAsync(DemoUsers.ContosoSales);
        return await CreateOfferAsync(sales, "purchase", "US", await OfficeAsync(browser.Site, "contoso-partners", "RED-001"), [("INTUNE-P1", 5), ("ENTRA-P2", 5)], delegated);
    }

    [Fact]
    [Trait("Rule", "R23")]
    public async Task The_service_request_status_form_keeps_the_current_status_and_shows_words_not_code_names()
    {
        var page = await browser.SignInAsync(DemoUsers.ContosoFull);
        await page.GotoAsync("/partner/customers/fabrikam/service-requests/new");
        await page.GetByLabel("Title").FillAsync("Mailbox quota");
        await page.GetByLabel("Description").FillAsync("The CEO's mailbox is full.");
        await page.GetByLabel("Contact name").FillAsync("Dana");
        await page.GetByLabel("Contact e-mail").FillAsync("dana@fabrikam.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open service request" }).ClickAsync();
        await Expect(page.GetByTestId("service-request")).ToBeVisibleAsync();

        await page.GetByTestId("status-select").SelectOptionAsync(new SelectOptionValue { Label = "Waiting for customer" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Update status" }).ClickAsync();
        await Expect(page.Locator("[data-field='status']")).ToHaveTextAsync("Waiting for customer");
        await Expect(page.GetByTestId("status-select")).ToHaveValueAsync("WaitingForCustomer");

        // A second update without touching the list keeps the status.
        await page.GetByRole(AriaRole.Button, new() { Name = "Update status" }).ClickAsync();
        await Expect(page.Locator("[data-field='status']")).ToHaveTextAsync("Waiting for customer");
        await BrowserSession.ScreenshotAsync(page, "hardening-service-request-status");
        await page.Context.CloseAsync();
    }

    [Theory]
    [Trait("Rule", "R11")]
    [InlineData(1280, 800)]
    [InlineData(1024, 768)]
    [InlineData(390, 844)]
    public async Task The_commerce_dashboard_fits_the_window(int width, int height)
    {
        await NewOfferAsync(delegated: false);
        var page = await browser.SignInAsync(DemoUsers.ContosoSales);
        await page.SetViewportSizeAsync(width, height);
        await page.GotoAsync("/partner/commerce");
        await Expect(page.GetByTestId("offers")).ToBeVisibleAsync();

        await BrowserSession.ScreenshotAsync(page, $"hardening-commerce-{width}");
        var pageWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        var wide = await page.EvaluateAsync<string[]>(
            "w => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1 && !e.closest('.table-scroll')).slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))", width);
        Assert.True(pageWidth <= width, $"The page is {pageWidth} px wide in a {width} px window: {string.Join("; ", wide)}");
        // Narrower windows scroll a wide table inside its own box; the page itself never scrolls sideways.
        Assert.Equal(0, await page.EvaluateAsync<int>("() => [...document.querySelectorAll('table.list')].filter(t => !t.closest('.table-scroll')).length"));
        if (width >= 1280)
        {
            // At desktop widths every column of every table is in view, without scrolling a table sideways.
            var clipped = await page.EvaluateAsync<string[]>(
                "() => [...document.querySelectorAll('.table-scroll')].filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.querySelector('table')?.dataset.testid ?? '?')");
            Assert.True(clipped.Length == 0, $"Tables cut off at {width} px: {string.Join(", ", clipped)}");
            var withdraw = await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Withdraw") }).First.BoundingBoxAsync();
            Assert.True(withdraw is not null && withdraw.X + withdraw.Width <= width, $"Withdraw is outside the window: {withdraw?.X}");
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    [Trait("Rule", "R4")]
    [Trait("Rule", "R6")]
    public async Task Only_actions_that_work_are_offered_and_limited_users_are_not_offered_a_reset_they_would_be_refused()
    {
        var limited = await browser.SignInAsync(DemoUsers.ContosoLimited);
        await limited.GotoAsync("/partner");
        await Expect(limited.Locator("body")).Not.ToContainTextAsync("Coming");
        await Expect(limited.Locator("[aria-disabled='true']")).ToHaveCountAsync(0);
        await limited.GotoAsync("/partner/lookup?q=fabrikam.example");
        var customer = limited.GetByTestId("customer");
        await Expect(customer.Locator("[data-action='administrators']")).ToBeVisibleAsync();
        await Expect(customer.Locator("[data-action='reset-password']")).ToHaveCountAsync(0);
        await Expect(customer.Locator("[aria-disabled='true']")).ToHaveCountAsync(0);
        await Expect(customer).Not.ToContainTextAsync("coming");
        await limited.GotoAsync("/partner/lookup?q=northwind.example");
        await Expect(limited.GetByTestId("customer").Locator("[aria-disabled='true']")).ToHaveCountAsync(0);
        await BrowserSession.ScreenshotAsync(limited, "hardening-lookup-limited");
        await limited.Context.CloseAsync();

        var full = await browser.SignInAsync(DemoUsers.ContosoFull);
        await full.GotoAsync("/partner/lookup?q=fabrikam.example");
        await full.GetByTestId("customer").Locator("[data-action='reset-password']").ClickAsync();
        await Expect(full.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("Reset") }).First).ToBeVisibleAsync();
        await full.Context.CloseAsync();
    }

    [Fact]
    [Trait("Rule", "R13")]
    public async Task The_accept_page_says_what_is_accepted_where_and_that_passwords_must_be_entered_again()
    {
        var quoteId = await NewOfferAsync(delegated: true);
        using var sales = await browser.Site.SignInAsync(DemoUsers.ContosoSales);
        var path = await LinkPathAsync(sales, quoteId);
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = browser.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync(AcceptPath(path));

        var choice = page.GetByTestId("what-you-accept");
        await Expect(choice.GetByRole(AriaRole.Heading, new() { Name = "What you accept" })).ToBeVisibleAsync();
        await Expect(choice.GetByTestId("accept-subscriptions")).ToBeVisibleAsync();
        // The subscriptions box comes before the delegated administration heading, not under it.
        var order = await page.EvaluateAsync<bool>(
            "() => { const box = document.querySelector('[data-testid=accept-subscriptions]'); const h = [...document.querySelectorAll('h3')].find(e => e.textContent.startsWith('Delegated administration')); return !!h && !!(box.compareDocumentPosition(h) & Node.DOCUMENT_POSITION_FOLLOWING); }");
        Assert.True(order);

        await page.GetByLabel("User name").Nth(1).FillAsync("admin@northwind.example");
        await page.Locator("#SignInPassword").FillAsync("Not-The-Password-1");
        await page.GetByTestId("sign-in-and-accept").ClickAsync();
        await Expect(page.Locator("body")).ToContainTextAsync("enter your password again");
        await BrowserSession.ScreenshotAsync(page, "hardening-accept-password-cleared");

        // Delegated administration only: the confirmation does not say "also".
        await page.GetByTestId("accept-subscriptions").UncheckAsync();
        await page.GetByTestId("accept-delegated-administration").CheckAsync();
        await page.Locator("#SignInUserName").FillAsync("admin@northwind.example");
        await page.Locator("#SignInPassword").FillAsync("Northwind-Admin-2026");
        await page.GetByTestId("sign-in-and-accept").ClickAsync();
        await Expect(page.GetByTestId("delegation-choice")).ToContainTextAsync("You accepted Contoso Partners as a delegated administrator");
        await Expect(page.GetByTestId("delegation-choice")).Not.ToContainTextAsync("also");
        await context.CloseAsync();
    }

    [Fact]
    [Trait("Rule", "R9")]
    public async Task The_default_offer_message_explains_delegated_administration_when_offered_and_how_to_reach_the_partner()
    {
        var quoteId = await NewOfferAsync(delegated: true);
        var page = await browser.SignInAsync(DemoUsers.ContosoSales);
        await page.GotoAsync($"/partner/offers/{quoteId}");

        var body = await page.Locator("#message-body").InputValueAsync();
        Assert.Contains("delegated administrator", body);
        Assert.Contains("hello@contosopartners.example", body);
        Assert.Matches(@"Call \+?[0-9 ]+", body);

        // And the navigation marks the commerce dashboard for an offer page, not the Partner Overview.
        var main = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await Expect(main.Locator("[aria-current='page']")).ToHaveTextAsync("Commerce dashboard");
        await page.GotoAsync("/partner/customers/fabrikam/administrators");
        await Expect(main.Locator("[aria-current='page']")).ToHaveTextAsync("Lookup user or domain");
        await page.GotoAsync("/partner");
        await Expect(main.Locator("[aria-current='page']")).ToHaveTextAsync("Partner Overview");
        await page.Context.CloseAsync();
    }
}
