using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PartnerCms.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PartnerCms.Tests.Browser;

/// <summary>R1 in Chromium: the global administrator edits the company information; the sales user sees it read-only.</summary>
[Trait("Rule", "R1")]
[Trait("Category", "Browser")]
[Collection(BrowserCollection.Name)]
public sealed class CompanyInformationBrowserTests(BrowserSession browser) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task Global_administrator_edits_the_company_information_and_sees_it_saved()
    {
        var page = await browser.SignInAsync(DemoUsers.ContosoAdmin);
        await Expect(page.GetByTestId("current-organization")).ToHaveTextAsync("Contoso Partners");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Company information" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit company information" }).ClickAsync();
        await page.GetByLabel("Phone").FillAsync("+1 425 555 0177");
        await page.GetByLabel("E-mail").FillAsync("not-an-address");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        // The bad e-mail is refused next to its field; the good phone number the user typed is kept in the form.
        await Expect(page.Locator("[data-valmsg-for='Input.Email']")).ToContainTextAsync("Enter an e-mail address such as");
        await Expect(page.GetByLabel("Phone")).ToHaveValueAsync("+1 425 555 0177");
        await BrowserSession.ScreenshotAsync(page, "company-edit-invalid");

        await page.GetByLabel("E-mail").FillAsync("partners@contosopartners.example");
        await page.GetByLabel("Web site").FillAsync("https://partners.contosopartners.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/partner/company$"));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The company information has been saved.");
        await Expect(page.Locator("[data-field='Phone']")).ToHaveTextAsync("+1 425 555 0177");
        await Expect(page.Locator("[data-field='Email']")).ToHaveTextAsync("partners@contosopartners.example");
        await BrowserSession.ScreenshotAsync(page, "company-saved");

        await page.ReloadAsync();
        await Expect(page.Locator("[data-field='WebSite']")).ToHaveTextAsync("https://partners.contosopartners.example");
    }

    [Fact]
    public async Task Sales_user_sees_the_company_information_read_only_and_is_refused_the_edit_page()
    {
        var page = await browser.SignInAsync(DemoUsers.ContosoSales);

        await page.GetByRole(AriaRole.Link, new() { Name = "Company information" }).First.ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Contoso Partners" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-field='PartnerId']")).ToHaveTextAsync("4412345");
        await Expect(page.GetByTestId("read-only-note")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Edit company information" })).ToHaveCountAsync(0);
        await BrowserSession.ScreenshotAsync(page, "company-read-only");

        var response = await page.GotoAsync("/partner/company/edit");
        Assert.Equal(403, response!.Status);
        await Expect(page.GetByTestId("error-status")).ToContainTextAsync("403");
    }
}
