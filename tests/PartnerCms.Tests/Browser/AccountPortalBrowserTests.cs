using Microsoft.Playwright;
using PartnerCms.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PartnerCms.Tests.Browser;

[Trait("Category", "Browser")]
[Collection(BrowserCollection.Name)]
public sealed class AccountPortalBrowserTests(BrowserSession browser) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task A_customer_administrator_buys_a_subscription_and_changes_its_licences()
    {
        var page = await browser.SignInAsync(DemoUsers.NorthwindAdmin);
        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });

        await menu.GetByRole(AriaRole.Link, new() { Name = "Purchase" }).ClickAsync();
        await page.GetByLabel("User licences").Nth(0).WaitForAsync();
        var entra = page.GetByRole(AriaRole.Region, new() { Name = "Entra ID P2" });
        await entra.GetByLabel("User licences").FillAsync("40");
        await entra.GetByRole(AriaRole.Button, new() { Name = "Buy Entra ID P2" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("You bought 40 licences of Entra ID P2.");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Entra ID P2" });
        await row.GetByLabel("Licences", new() { Exact = true }).FillAsync("0");
        await row.GetByRole(AriaRole.Button, new() { Name = "Change licences of Entra ID P2" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Enter at least 1 licence.");
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Entra ID P2" }).Locator("[data-field='licences']")).ToHaveTextAsync("40");

        await page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Entra ID P2" }).GetByLabel("Licences", new() { Exact = true }).FillAsync("55");
        await page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Entra ID P2" }).GetByRole(AriaRole.Button, new() { Name = "Change licences of Entra ID P2" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Entra ID P2 now has 55 licences.");
        await BrowserSession.ScreenshotAsync(page, "portal-subscriptions");

        await menu.GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        await BrowserSession.ScreenshotAsync(page, "portal-users");
        await menu.GetByRole(AriaRole.Link, new() { Name = "Domains" }).ClickAsync();
        await page.GetByLabel("Domain name").FillAsync("fabrikam.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add domain" }).ClickAsync();
        await Expect(page.Locator("#NewDomain-error")).ToContainTextAsync("already registered by another organization");
        await BrowserSession.ScreenshotAsync(page, "portal-domains");
    }
}
