using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerCms.Core.Content;
using PartnerCms.Core.Data;
using PartnerCms.Core.Jobs;
using PartnerCms.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static PartnerCms.Tests.Infrastructure.OfferSteps;

namespace PartnerCms.Tests.Browser;

/// <summary>
/// The walk in Chromium: with review before publishing on, marketing writes the German landing texts and sends
/// them for review, a colleague approves, marketing schedules the publication, and when it is due a visitor whose
/// browser speaks German sees the German headline and the portal's own words in German. axe finds nothing serious on
/// the new pages.
/// </summary>
[Trait("Category", "Browser")]
[Trait("Area", "Cms")]
[Collection(BrowserCollection.Name)]
public sealed class CultureBrowserTests(BrowserSession browser) : IClassFixture<BrowserSession>
{
    [Fact]
    [Trait("Rule", "R12")]
    public async Task Marketing_writes_German_a_colleague_approves_it_is_scheduled_and_a_German_visitor_sees_it_when_due()
    {
        var site = browser.Site;
        string link;
        using (var sales = await site.SignInAsync(DemoUsers.ContosoSales))
        {
            var quote = await CreateOfferAsync(sales, "purchase", "US", await OfficeAsync(site, "contoso-partners", "RED-001"), [("INTUNE-P1", 5)]);
            link = await LinkPathAsync(sales, quote);
        }

        using var adminClient = await site.SignInAsync(DemoUsers.ContosoAdmin);
        await adminClient.PostFormAsync("/partner/company/review", new Dictionary<string, string> { ["require"] = "true" }, "/partner/company");
        try
        {
            var marketing = await browser.SignInAsync(DemoUsers.ContosoMarketing);
            await marketing.GotoAsync("/partner/branding");
            await Expect(marketing.GetByTestId("languages")).ToContainTextAsync("German (Germany): missing");
            await marketing.GetByRole(AriaRole.Link, new() { Name = "German (Germany)" }).ClickAsync();
            await marketing.GetByLabel("Headline (Deutsch (Deutschland))").FillAsync("Willkommen bei {{ partner.name }}");
            await marketing.GetByRole(AriaRole.Button, new() { Name = "Save the draft" }).ClickAsync();
            Assert.Empty(await BrowserSession.AxeAsync(marketing));
            await marketing.GetByLabel("Comment for the reviewer").FillAsync("Die deutsche Überschrift, bitte prüfen");
            await marketing.GetByRole(AriaRole.Button, new() { Name = "Send version 1 for review" }).ClickAsync();
            await Expect(marketing.GetByTestId("review-pending")).ToContainTextAsync("bitte prüfen");

            var admin = await browser.SignInAsync(DemoUsers.ContosoAdmin);
            await admin.GotoAsync("/partner/branding/texts/de-DE");
            await admin.GetByLabel("Comment (needed when you ask for changes)").FillAsync("Passt.");
            await admin.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
            await Expect(admin.GetByTestId("review-approved")).ToContainTextAsync("approved by admin@contosopartners.example");
            Assert.Empty(await BrowserSession.AxeAsync(admin));

            await marketing.ReloadAsync();
            await marketing.GetByLabel("Publish version").FillAsync(DateTime.UtcNow.AddHours(2).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture));
            await marketing.GetByRole(AriaRole.Button, new() { Name = "Schedule the publication" }).ClickAsync();
            await Expect(marketing.GetByTestId("scheduled")).ToContainTextAsync("scheduled by marketing@contosopartners.example");

            var german = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = browser.BaseAddress.ToString(), Locale = "de-DE" });
            var visitor = await german.NewPageAsync();
            await visitor.GotoAsync(link);
            await Expect(visitor.Locator("body")).Not.ToContainTextAsync("Willkommen");

            // Two hours pass: the schedule and its job fall due, and the job runner (any node) runs it.
            await site.AsSystemAsync(async sp =>
            {
                var db = sp.GetRequiredService<PartnerCmsDbContext>();
                var due = DateTime.UtcNow.AddSeconds(-1);
                await db.Set<ContentSchedule>().AcrossOrganizations("test").Where(s => s.ContentType == "BrandingTexts").ExecuteUpdateAsync(u => u.SetProperty(s => s.DueUtc, due));
                await db.Set<JobLease>().Where(j => j.Name.StartsWith(ContentScheduler.JobKind)).ExecuteUpdateAsync(u => u.SetProperty(j => j.NextRunUtc, due));
                return 0;
            });
            // The site's own job runner may hold the job when this one looks (a held job is skipped): the page is read
            // again until the run has finished, for a bounded time.
            for (var attempt = 0; attempt < 40; attempt++)
            {
                await site.Services.GetRequiredService<JobRunner>().RunDueAsync(CancellationToken.None);
                await visitor.GotoAsync(link);
                if (await visitor.GetByTestId("partner-headline").CountAsync() > 0)
                {
                    break;
                }

                await Task.Delay(250);
            }

            await Expect(visitor.GetByTestId("partner-headline")).ToHaveTextAsync("Willkommen bei Contoso Partners");
            await Expect(visitor.Locator("h1")).ToContainTextAsync("Ihr Angebot von Contoso Partners");
            Assert.Equal("de-DE", await visitor.Locator("html").GetAttributeAsync("lang"));
            await Expect(visitor.GetByTestId("language-switcher")).ToContainTextAsync("English");
            Assert.Empty(await BrowserSession.AxeAsync(visitor));
            await BrowserSession.ScreenshotAsync(visitor, "landing-de-DE");

            // The visitor chooses English: the choice wins over the browser's German, on this page and the next.
            await visitor.GetByTestId("language-switcher").GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^English") }).ClickAsync();
            await Expect(visitor.Locator("h1")).ToContainTextAsync("Your offer from Contoso Partners");
            await visitor.GotoAsync(link);
            await Expect(visitor.Locator("h1")).ToContainTextAsync("Your offer from Contoso Partners");
        }
        finally
        {
            await adminClient.PostFormAsync("/partner/company/review", new Dictionary<string, string> { ["require"] = "false" }, "/partner/company");
        }
    }
}
