using Microsoft.Playwright;
using PartnerCms.Tests.Hardening;
using PartnerCms.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static PartnerCms.Tests.Infrastructure.OfferSteps;

namespace PartnerCms.Tests.Browser;

/// <summary>
/// Hostile own layouts stored past the save check, opened in Chromium as a visitor would: the page stays where it is
/// (no meta refresh), no handler runs, nothing loads from another origin; a clean own layout shows with the theme's styles.
/// </summary>
[Trait("Category", "Browser")]
[Trait("Area", "Hardening")]
[Collection(BrowserCollection.Name)]
public sealed class LandingLayoutBrowserTests(BrowserSession browser) : IClassFixture<BrowserSession>
{
    private const string Hostile =
        "<!DOCTYPE html><html><head><title>x</title><meta content=\"0;url=http://elsewhere.example/\" data-x=\">\" http-equiv=\"refresh\"></head><body>"
        + "<img src=x/onerror=window.pwned=1><details/open/ontoggle=window.pwned=2><body/onload=window.pwned=3>"
        + "<img src=\"http://elsewhere.example/x.png\" alt=\"\"><a href=\"java&#x09;script:window.pwned=4\" id=\"js\">x</a>"
        + "<math><mtext><table><mglyph><style><img src=x onerror=window.pwned=5>"
        + "{{ page.header | raw }}<main id=\"main\">{{ page.content | raw }}</main></body></html>";

    [Fact]
    public async Task A_hostile_layout_stored_anyway_neither_moves_the_visitor_nor_runs_nor_loads_from_elsewhere()
    {
        using var sales = await browser.Site.SignInAsync(DemoUsers.ContosoSales);
        var quote = await CreateOfferAsync(sales, "purchase", "US", await OfficeAsync(browser.Site, "contoso-partners", "RED-001"), [("INTUNE-P1", 3)]);
        var link = await LinkPathAsync(sales, quote);
        await LandingLayoutSanitizerTests.PublishDirectlyAsync(browser.Site, Hostile, 900);

        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = browser.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        var elsewhere = new List<string>();
        var dialogs = 0;
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(browser.BaseAddress.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                elsewhere.Add(request.Url);
            }
        };
        page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };

        await page.GotoAsync(link);
        await Expect(page.GetByTestId("partner-name")).ToBeVisibleAsync();
        await page.Locator("main").HoverAsync();
        // A refresh of 0 seconds would have left by now; the page is still the offer, after the load event too.
        await page.WaitForLoadStateAsync(LoadState.Load);
        await Expect(page).ToHaveURLAsync(browser.BaseAddress.GetLeftPart(UriPartial.Authority) + link);

        Assert.Null(await page.EvaluateAsync<int?>("() => window.pwned ?? null"));
        Assert.Empty(elsewhere);
        Assert.Equal(0, dialogs);
        Assert.Equal(0, await page.Locator("#js").CountAsync());
        await BrowserSession.ScreenshotAsync(page, "landing-hostile-layout");

        // A clean own layout: shown, with the theme's stylesheet applied (the header has its styled background).
        await LandingLayoutSanitizerTests.PublishDirectlyAsync(browser.Site,
            "<!DOCTYPE html><html lang=\"en\"><head><title>{{ page.title }}</title></head><body>{{ page.header | raw }}<p data-testid=\"own\">Our own words</p><main id=\"main\">{{ page.content | raw }}</main>{{ page.footer | raw }}</body></html>", 901);
        await page.GotoAsync(link);
        await Expect(page.GetByTestId("own")).ToHaveTextAsync("Our own words");
        var headerPadding = await page.Locator(".landing-header").EvaluateAsync<string>("e => getComputedStyle(e).paddingTop");
        Assert.NotEqual("0px", headerPadding);
        await context.CloseAsync();
    }
}
