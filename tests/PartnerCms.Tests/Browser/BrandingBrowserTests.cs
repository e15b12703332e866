using Microsoft.Playwright;
using PartnerCms.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static PartnerCms.Tests.Infrastructure.OfferSteps;

namespace PartnerCms.Tests.Browser;

/// <summary>
/// Branding and reading in Chromium: a marketing user uploads a logo, changes the colours and headline,
/// previews a real offer, publishes; a visitor of the offer link sees it. The pages have no horizontal scrolling at
/// 1280 px and at 390 px (the navigation folds behind Menu), and axe finds no serious or critical problem on the
/// landing page, sign-in, Partner Overview, lookup, offer wizard, commerce dashboard, template editor and account portal.
/// </summary>
[Trait("Category", "Browser")]
[Trait("Area", "Themes")]
[Collection(BrowserCollection.Name)]
public sealed class BrandingBrowserTests(BrowserSession browser) : IClassFixture<BrowserSession>
{
    private static async Task<int> OverflowAsync(IPage page) =>
        await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");

    [Fact]
    [Trait("Rule", "R12")]
    public async Task Marketing_brands_previews_and_publishes_and_a_visitor_sees_it()
    {
        var site = browser.Site;
        string link;
        using (var sales = await site.SignInAsync(DemoUsers.ContosoSales))
        {
            var quote = await CreateOfferAsync(sales, "trial", "US", await OfficeAsync(site, "contoso-partners", "RED-001"), [("INTUNE-P1-TRIAL", 0)]);
            link = await LinkPathAsync(sales, quote);
        }

        var marketing = await browser.SignInAsync(DemoUsers.ContosoMarketing);
        await marketing.GotoAsync("/partner");
        await marketing.GetByRole(AriaRole.Link, new() { Name = "Landing page branding" }).ClickAsync();
        await marketing.GetByLabel("Upload a logo").SetInputFilesAsync(new FilePayload { Name = "contoso.png", MimeType = "image/png", Buffer = Integration.BrandingTests.Png });
        await marketing.GetByLabel("Primary colour (the header)").FillAsync("#5b2a86");
        await marketing.GetByLabel("Headline").FillAsync("Intune set up by {{ partner.name }}");
        await marketing.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Expect(marketing.GetByTestId("current-logo")).ToBeVisibleAsync();
        var preview = marketing.FrameLocator("[data-testid='preview-frame']");
        await Expect(preview.GetByTestId("partner-headline")).ToHaveTextAsync("Intune set up by Contoso Partners");
        Assert.Empty(await BrowserSession.AxeAsync(marketing));
        await BrowserSession.ScreenshotAsync(marketing, "branding-draft-preview");

        // Scheduled for tomorrow from the Schedule panel; publishing by hand below ends the schedule.
        await marketing.GetByLabel("Publish version").FillAsync(DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await marketing.GetByRole(AriaRole.Button, new() { Name = "Schedule the publication" }).ClickAsync();
        await Expect(marketing.GetByTestId("scheduled")).ToContainTextAsync("scheduled by marketing@contosopartners.example");
        Assert.Empty(await BrowserSession.AxeAsync(marketing));

        // Preview without saving: the frame shows the unsaved headline; the draft keeps the saved one.
        await marketing.GetByLabel("Headline").FillAsync("Trying {{ partner.partner_id }}");
        await marketing.GetByRole(AriaRole.Button, new() { Name = "Preview without saving" }).ClickAsync();
        await Expect(preview.GetByTestId("partner-headline")).ToHaveTextAsync("Trying 4412345");
        await marketing.ReloadAsync();
        await Expect(marketing.GetByLabel("Headline")).ToHaveValueAsync("Intune set up by {{ partner.name }}");

        // Not published yet: a visitor sees no headline.
        var visitorContext = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = browser.BaseAddress.ToString() });
        var visitor = await visitorContext.NewPageAsync();
        await visitor.GotoAsync(link);
        await Expect(visitor.GetByTestId("partner-headline")).ToHaveCountAsync(0);

        await marketing.GetByRole(AriaRole.Button, new() { Name = "Publish the draft" }).ClickAsync();
        await Expect(marketing.GetByTestId("published-version")).ToContainTextAsync("version 1");
        await Expect(marketing.GetByTestId("scheduled")).ToHaveCountAsync(0);
        await visitor.GotoAsync(link);
        await Expect(visitor.GetByTestId("partner-headline")).ToHaveTextAsync("Intune set up by Contoso Partners");
        await Expect(visitor.Locator(".partner-logo")).ToBeVisibleAsync();
        Assert.Equal("rgb(91, 42, 134)", await visitor.Locator(".landing-header").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        Assert.Empty(await BrowserSession.AxeAsync(visitor));
        await BrowserSession.ScreenshotAsync(visitor, "branded-landing");

        // The landing page and the sign-in page on a phone: no sideways scrolling, nothing serious for axe.
        await visitor.SetViewportSizeAsync(390, 844);
        await visitor.GotoAsync(link);
        Assert.True(await OverflowAsync(visitor) <= 0, "The landing page scrolls sideways at 390 px.");
        await visitor.GotoAsync("/");
        Assert.True(await OverflowAsync(visitor) <= 0, "The sign-in page scrolls sideways at 390 px.");
        Assert.Empty(await BrowserSession.AxeAsync(visitor));

        // The partner's public page, with the branding just published, on a phone.
        await visitor.GotoAsync("/partners/contoso-partners");
        await Expect(visitor.GetByTestId("partner-headline")).ToHaveTextAsync("Intune set up by Contoso Partners");
        Assert.True(await OverflowAsync(visitor) <= 0, "The public partner page scrolls sideways at 390 px.");
        Assert.Empty(await BrowserSession.AxeAsync(visitor));
        await visitorContext.CloseAsync();
        await marketing.Context.CloseAsync();
    }

    [Fact]
    public async Task Admin_pages_fit_at_1280_and_390_pixels_fold_their_navigation_on_phones_and_pass_axe()
    {
        var pages = new (string User, (string UserName, string Password) Who, string Path)[]
        {
            ("sales", DemoUsers.ContosoSales, "/partner"),
            ("sales", DemoUsers.ContosoSales, "/partner/lookup?q=fabrikam.example"),
            ("sales", DemoUsers.ContosoSales, "/partner/offers/new/purchase"),
            ("sales", DemoUsers.ContosoSales, "/partner/commerce"),
            ("marketing", DemoUsers.ContosoMarketing, "/partner/templates/purchase-offer"),
            ("marketing", DemoUsers.ContosoMarketing, "/partner/branding"),
            ("marketing", DemoUsers.ContosoMarketing, "/partner/experiments"),
            ("marketing", DemoUsers.ContosoMarketing, "/partner/media"),
            ("admin", DemoUsers.ContosoAdmin, "/portal"),
            ("admin", DemoUsers.ContosoAdmin, "/portal/users"),
            ("admin", DemoUsers.ContosoAdmin, "/partner/workflows"),
            ("admin", DemoUsers.ContosoAdmin, "/partner/customers"),
            ("admin", DemoUsers.ContosoAdmin, "/partner/customers/tailspin/teams"),
            ("admin", DemoUsers.ContosoAdmin, "/partner/teams"),
            ("customer", DemoUsers.FabrikamAdmin, "/portal"),
            ("customer", DemoUsers.FabrikamAdmin, "/portal/partners"),

            // The customer's portal in German (the choice is kept for the pages after it): longer words, same layout.
            ("customer", DemoUsers.FabrikamAdmin, "/portal/users?lang=de-DE"),
            ("customer", DemoUsers.FabrikamAdmin, "/portal/subscriptions/manage"),
            ("customer", DemoUsers.FabrikamAdmin, "/portal/audit"),
            ("customer", DemoUsers.FabrikamAdmin, "/account/security"),
        };
        var problems = new List<string>();
        foreach (var group in pages.GroupBy(p => p.User))
        {
            var page = await browser.SignInAsync(group.First().Who);
            foreach (var (_, _, path) in group)
            {
                await page.SetViewportSizeAsync(1280, 900);
                await page.GotoAsync(path);
                if (await OverflowAsync(page) > 0)
                {
                    problems.Add($"{path}: scrolls sideways at 1280 px");
                }

                problems.AddRange((await BrowserSession.AxeAsync(page)).Select(v => $"{path}: {v}"));
                await BrowserSession.ScreenshotAsync(page, "admin-" + path.Trim('/').Replace('/', '-').Replace('?', '-').Replace('=', '-'));
                await page.SetViewportSizeAsync(390, 844);
                await page.GotoAsync(path);
                if (await OverflowAsync(page) > 0)
                {
                    await BrowserSession.ScreenshotAsync(page, "overflow-" + path.Trim('/').Replace('/', '-').Replace('?', '-'));
                    problems.Add($"{path}: scrolls sideways at 390 px by {await OverflowAsync(page)} px");
                }
            }

            // On a phone the navigation waits behind Menu.
            await Expect(page.Locator("#sidenav")).ToBeHiddenAsync();
            await page.GetByTestId("menu-toggle").ClickAsync();
            await Expect(page.Locator("#sidenav")).ToBeVisibleAsync();
            await page.Context.CloseAsync();
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
