using Microsoft.Playwright;
using PartnerCms.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PartnerCms.Tests.Browser;

[Trait("Category", "Browser")]
[Collection(BrowserCollection.Name)]
public sealed class OfficesBrowserTests(BrowserSession browser) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task Global_administrator_adds_an_office_then_retires_it()
    {
        var page = await browser.SignInAsync(DemoUsers.ContosoAdmin);
        await page.GetByRole(AriaRole.Link, new() { Name = "Offices" }).First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Add office" }).ClickAsync();

        await page.GetByLabel("Office name").FillAsync("Contoso Toronto");
        await page.GetByLabel("Location ID").FillAsync("RED-001");
        await page.GetByLabel("Street address").FillAsync("100 King Street West");
        await page.GetByLabel("City").FillAsync("Toronto");
        await page.GetByLabel("Postal code").FillAsync("M5X 1A9");
        await page.GetByLabel("Country or region").SelectOptionAsync("CA");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        // RED-001 is the Redmond office's: refused next to the field, everything typed is kept.
        await Expect(page.Locator("[data-valmsg-for='Input.LocationId']")).ToContainTextAsync("Another office already has location ID");
        await Expect(page.GetByLabel("City")).ToHaveValueAsync("Toronto");
        await page.GetByLabel("Location ID").FillAsync("TOR-003");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Office 'Contoso Toronto' has been added.");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Contoso Toronto" });
        await Expect(row).ToContainTextAsync("Canada");
        await BrowserSession.ScreenshotAsync(page, "offices-added");

        await row.GetByRole(AriaRole.Button, new() { Name = "Retire Contoso Toronto" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The office has been retired.");
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Contoso Toronto" })).ToContainTextAsync("Retired");
        await page.GetByRole(AriaRole.Link, new() { Name = "Hide retired offices" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Contoso Toronto" })).ToHaveCountAsync(0);
        await BrowserSession.ScreenshotAsync(page, "offices-after-retire");
    }
}
