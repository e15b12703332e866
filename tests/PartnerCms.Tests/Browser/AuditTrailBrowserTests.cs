using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerCms.Core.Audit;
using PartnerCms.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PartnerCms.Tests.Browser;

/// <summary>
/// R22's viewer as a partner's administrator meets it at 1280 px with a day's entries: every column in view, a styled
/// Filter button, and filters that offer the customers by name and the actions as a list in words.
/// </summary>
[Trait("Category", "Browser")]
[Trait("Area", "Hardening")]
[Collection(BrowserCollection.Name)]
public sealed class AuditTrailBrowserTests(BrowserSession browser) : IClassFixture<BrowserSession>
{
    [Fact]
    [Trait("Rule", "R22")]
    public async Task The_audit_trail_fits_1280_pixels_and_filters_by_customer_name_and_action_in_words()
    {
        var target = "customer:northwind/user:" + new string('x', 90) + "@northwind.example/" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");
        await browser.Site.AsSystemAsync(async sp =>
        {
            var sink = sp.GetRequiredService<IAuditSink>();
            foreach (var (customer, action) in new[] { ("fabrikam", "customer.password-reset"), ("northwind", "on-behalf.started"), ("northwind", "customer.administrators-viewed") })
            {
                await sink.AppendAsync(new AuditRecorded(Guid.NewGuid(), DateTime.UtcNow, null, DemoUsers.ContosoFull.UserName, "contoso-partners", "contoso-partners",
                    customer, action, target, AuditOutcomes.Succeeded, "2001:db8:85a3:1234:5678:8a2e:370:7334"), CancellationToken.None);
            }

            return true;
        });

        var page = await browser.SignInAsync(DemoUsers.ContosoAdmin);
        await page.SetViewportSizeAsync(1280, 800);
        await page.GotoAsync("/partner/audit");

        // Every column in view: the table is no wider than its box, so nothing is cut or needs sideways scrolling.
        var widths = await page.Locator(".table-scroll").First.EvaluateAsync<int[]>("b => [b.scrollWidth, b.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"the audit table is {widths[0]} px wide in a {widths[1]} px box at 1280 px");
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "From address" })).ToBeInViewportAsync();

        // The Filter button carries the portal's button style, not the browser's.
        var filter = page.GetByRole(AriaRole.Button, new() { Name = "Filter" });
        Assert.Contains("primary", await filter.GetAttributeAsync("class") ?? string.Empty);
        Assert.NotEqual("rgb(239, 239, 239)", await filter.EvaluateAsync<string>("b => getComputedStyle(b).backgroundColor"));

        // Customers by name, actions in words; choosing them filters the rows.
        await page.GetByLabel("Customer").SelectOptionAsync(new SelectOptionValue { Label = "Northwind Traders" });
        await page.GetByLabel("Action").SelectOptionAsync(new SelectOptionValue { Label = "On behalf: started" });
        await filter.ClickAsync();
        await Expect(page.Locator("[data-testid='audit'] tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid='audit'] tbody tr")).ToHaveAttributeAsync("data-action", "on-behalf.started");
        await Expect(page.GetByLabel("Customer")).ToHaveValueAsync("northwind");
        await page.Context.CloseAsync();
    }
}
