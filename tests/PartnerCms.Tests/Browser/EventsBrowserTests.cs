using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerCms.Core.Data;
using PartnerCms.Core.Events;
using PartnerCms.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PartnerCms.Tests.Browser;

/// <summary>The platform operator finds a parked event on Administration → Events and sends it again, in Chromium.</summary>
[Trait("Category", "Browser")]
[Trait("Area", "Framework")]
[Collection(BrowserCollection.Name)]
public sealed class EventsBrowserTests(BrowserSession browser) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task The_operator_sends_a_parked_event_again_from_the_events_page()
    {
        // A company change whose delivery failed five times (the handler's cause since fixed).
        var eventId = Guid.NewGuid();
        await browser.Site.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<PartnerCmsDbContext>();
            db.Add(new OutboxMessage
            {
                EventId = eventId,
                Type = typeof(PartnerCms.Partners.Services.CompanyInformationChanged).FullName!,
                Payload = """{"organizationId":"contoso-partners"}""",
                CorrelationId = "organization:contoso-partners",
                Status = OutboxStatus.Parked,
                Attempts = 5,
                CreatedUtc = DateTime.UtcNow.AddMinutes(-30),
                NextAttemptUtc = DateTime.UtcNow.AddMinutes(-1),
                LastError = "ForgetLandingPagesOnCompanyChange: RedisConnectionException: No connection is available.",
            });
            return await db.SaveChangesAsync();
        });

        var page = await browser.SignInAsync(DemoUsers.Operator);
        await page.GotoAsync("/admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Events" }).First.ClickAsync();
        var row = page.Locator("tr", new() { HasText = eventId.ToString() });
        await Expect(row).ToContainTextAsync("No connection is available.");
        await BrowserSession.ScreenshotAsync(page, "events-parked");
        await row.GetByRole(AriaRole.Button, new() { Name = "Send again" }).ClickAsync();

        await Expect(page.GetByText($"will be delivered again")).ToBeVisibleAsync();
        await browser.Site.DeliverEventsAsync();
        var status = await browser.Site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<OutboxMessage>()
            .Where(m => m.EventId == eventId).Select(m => m.Status).SingleAsync());
        Assert.Equal(OutboxStatus.Dispatched, status);
        await page.ReloadAsync();
        await Expect(page.Locator("tr", new() { HasText = eventId.ToString() })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}
