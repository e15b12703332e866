using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PartnerCms.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PartnerCms.Tests.Browser;

/// <summary>Finding and helping customers in Chromium, as a partner's sales and support staff would.</summary>
[Trait("Category", "Browser")]
[Collection(BrowserCollection.Name)]
public sealed class CustomerLookupBrowserTests(BrowserSession browser) : IClassFixture<BrowserSession>
{
    private static async Task SearchAsync(IPage page, string query)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Lookup user or domain" }).First.ClickAsync();
        await page.GetByLabel("Complete user name or domain name").FillAsync(query);
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
    }

    [Fact]
    [Trait("Rule", "R4")]
    public async Task Sales_looks_up_a_customer_by_domain_and_sees_the_right_actions()
    {
        var page = await browser.SignInAsync(DemoUsers.ContosoSales);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Partner Overview" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Partner Overview" })).ToBeVisibleAsync();

        await SearchAsync(page, "Fabrikam.example");

        var customer = page.GetByTestId("customer");
        await Expect(customer.GetByRole(AriaRole.Heading, new() { Name = "Fabrikam, Inc." })).ToBeVisibleAsync();
        await Expect(customer.Locator("[data-action='administrators']")).ToBeVisibleAsync();
        await Expect(customer.Locator("[data-action='trial']")).ToBeVisibleAsync();
        // Sales has no delegated access: no Administer on behalf of, no password reset (R5, R6).
        await Expect(customer.Locator("[data-action='administer-on-behalf']")).ToHaveCountAsync(0);
        await Expect(customer.Locator("[data-action='reset-password']")).ToHaveCountAsync(0);
        await BrowserSession.ScreenshotAsync(page, "lookup-found");

        await customer.GetByRole(AriaRole.Link, new() { Name = "Show all administrators" }).ClickAsync();
        await Expect(page.GetByTestId("administrators")).ToContainTextAsync("admin@fabrikam.example");
    }

    [Fact]
    [Trait("Rule", "R2")]
    public async Task A_wildcard_query_shows_the_message()
    {
        var page = await browser.SignInAsync(DemoUsers.ContosoSales);

        await SearchAsync(page, "*.example");

        await Expect(page.GetByTestId("lookup-message")).ToContainTextAsync("Wildcards are not supported.");
        await Expect(page.GetByTestId("customer")).ToHaveCountAsync(0);
        await BrowserSession.ScreenshotAsync(page, "lookup-wildcard");
    }

    [Fact]
    [Trait("Rule", "R6")]
    public async Task A_full_administrator_resets_a_customer_users_password_and_that_user_must_change_it_at_next_sign_in()
    {
        var page = await browser.SignInAsync(DemoUsers.ContosoFull);
        await SearchAsync(page, "dana@fabrikam.example");
        await page.GetByTestId("customer").GetByRole(AriaRole.Link, new() { Name = "Reset password" }).ClickAsync();
        await page.GetByLabel("User").SelectOptionAsync(new SelectOptionValue { Label = "dana@fabrikam.example (Dana Fabrikam)" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Reset password" }).ClickAsync();

        var temporary = (await page.GetByTestId("temporary-password").InnerTextAsync()).Trim();
        Assert.Matches("^[A-Za-z]{4}-[A-Za-z]{4}-[0-9]{4}$", temporary);
        await BrowserSession.ScreenshotAsync(page, "reset-temporary-password");

        var dana = await (await browser.Browser.NewContextAsync(new() { BaseURL = browser.BaseAddress.ToString() })).NewPageAsync();
        await dana.GotoAsync("/account/signin");
        await dana.GetByLabel("User name").FillAsync("dana@fabrikam.example");
        await dana.GetByLabel("Password").FillAsync(temporary);
        await dana.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        await Expect(dana).ToHaveURLAsync(new Regex("/account/change-password$"));
        await Expect(dana.GetByRole(AriaRole.Alert)).ToContainTextAsync("Your password was reset by an administrator");
        await dana.GotoAsync("/admin");
        await Expect(dana).ToHaveURLAsync(new Regex("/account/change-password$"));

        await dana.GetByLabel("Current password").FillAsync(temporary);
        await dana.GetByLabel("New password", new() { Exact = true }).FillAsync("Dana-New-Password-1");
        await dana.GetByLabel("New password again").FillAsync("Dana-New-Password-1");
        await dana.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();

        await Expect(dana).ToHaveURLAsync(new Regex("/admin$"));
        await Expect(dana.GetByRole(AriaRole.Status)).ToContainTextAsync("Your password has been changed.");
    }
}
