using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PartnerCms.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PartnerCms.Tests.Browser;

/// <summary>"Administer on behalf of" walked in Chromium: from the lookup to the customer's portal and out again (R18–R21).</summary>
[Trait("Category", "Browser")]
[Collection(BrowserCollection.Name)]
public sealed class OnBehalfBrowserTests(BrowserSession browser) : IClassFixture<BrowserSession>
{
    private static async Task AdministerAsync(IPage page, string domain)
    {
        await page.GotoAsync("/partner/lookup?q=" + domain);
        await page.GetByTestId("customer").Locator("[data-action='administer-on-behalf']").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/portal$"));
    }

    [Fact]
    [Trait("Rule", "R18")]
    [Trait("Rule", "R20")]
    [Trait("Rule", "R21")]
    public async Task Full_administration_from_lookup_to_leaving_and_the_back_button_landing_in_the_partners_portal()
    {
        var page = await browser.SignInAsync(DemoUsers.ContosoFull);
        await AdministerAsync(page, "fabrikam.example");

        var banner = page.GetByTestId("on-behalf-banner");
        await Expect(banner).ToContainTextAsync("Contoso Partners (you: ");
        await Expect(banner).ToContainTextAsync("administering Fabrikam, Inc.");
        await Expect(page.GetByTestId("nav-customer")).ToHaveTextAsync("Fabrikam, Inc.");
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Domains" })).ToBeVisibleAsync();
        await nav.GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("dana@fabrikam.example");
        await BrowserSession.ScreenshotAsync(page, "on-behalf-full-users");

        // The banner's link to the partner's own portal (R20) leaves the customer's portal: the session ends (R21).
        await banner.GetByTestId("partner-portal-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/partner$"));
        await Expect(page.GetByTestId("on-behalf-banner")).ToHaveCountAsync(0);
        await page.GoBackAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/partner/lookup\\?ended="));
        await Expect(page.GetByTestId("session-ended")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("on-behalf-banner")).ToHaveCountAsync(0);
        await BrowserSession.ScreenshotAsync(page, "on-behalf-back-button");
        await page.Context.CloseAsync();
    }

    [Fact]
    [Trait("Rule", "R19")]
    [Trait("Rule", "R21")]
    public async Task Limited_administration_sees_no_Manage_Purchase_or_Domain_area_and_ends_the_session_with_the_button()
    {
        var page = await browser.SignInAsync(DemoUsers.ContosoLimited);
        // Fabrikam approved the Full bundle; Limited administration holds its Password administrator and Service support roles there.
        await AdministerAsync(page, "fabrikam.example");

        await Expect(page.GetByTestId("on-behalf-banner")).ToContainTextAsync("Limited administration");
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToBeVisibleAsync();
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Domains" })).ToHaveCountAsync(0);
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Manage subscriptions" })).ToHaveCountAsync(0);
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Purchase" })).ToHaveCountAsync(0);
        var domains = await page.GotoAsync("/portal/domains");
        Assert.Equal(403, domains!.Status);
        await BrowserSession.ScreenshotAsync(page, "on-behalf-limited-refused");

        await page.GotoAsync("/portal");
        await page.GetByTestId("end-session").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/partner/lookup$"));
        await Expect(page.GetByTestId("on-behalf-banner")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}
