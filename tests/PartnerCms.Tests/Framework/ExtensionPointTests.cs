using System.Net;
using PartnerCms.Tests.Infrastructure;

namespace PartnerCms.Tests.Framework;

/// <summary>
/// The lookup result and the Partner Overview render what other modules contribute through extension points, not
/// hard-coded links: the offers module's actions and entries are there when it is on (for users who may use them) and
/// gone, with their routes, when it is switched off.
/// </summary>
[Trait("Area", "Framework")]
[Trait("Rule", "R4")]
public sealed class ExtensionPointTests
{
    [Fact]
    public async Task The_offers_module_fills_the_lookup_actions_and_overview_entries_and_switching_it_off_removes_them()
    {
        await using (var on = new PartnerCmsSite(TestDatabase.Sqlite))
        {
            using var sales = await on.SignInAsync(DemoUsers.ContosoSales);
            var (_, lookup) = await sales.GetPageAsync("/partner/lookup?q=northwind.example");
            var (_, overview) = await sales.GetPageAsync("/partner");

            Assert.Contains("data-action=\"trial\" href=\"/partner/offers/new/trial?location=", lookup);
            HtmlPage.AssertHas(lookup, "[data-action='purchase']");
            HtmlPage.AssertHas(overview, "[data-entry='commerce']");

            using var admin = await on.SignInAsync(DemoUsers.ContosoAdmin);
            HtmlPage.AssertHas((await admin.GetPageAsync("/partner")).Body, "[data-entry='trial']");
        }

        await using var off = new PartnerCmsSite(TestDatabase.Sqlite, new Dictionary<string, string?> { ["Modules:Disabled:0"] = "PartnerCms.Offers" });
        using var salesOff = await off.SignInAsync(DemoUsers.ContosoSales);
        var (status, lookupOff) = await salesOff.GetPageAsync("/partner/lookup?q=northwind.example");
        var (_, overviewOff) = await salesOff.GetPageAsync("/partner");

        Assert.Equal(HttpStatusCode.OK, status);
        HtmlPage.AssertHas(lookupOff, "[data-testid='customer']");
        Assert.DoesNotContain("data-action=\"trial\"", lookupOff);
        Assert.DoesNotContain("data-action=\"purchase\"", lookupOff);
        Assert.DoesNotContain("data-entry=", overviewOff);
        Assert.Equal(HttpStatusCode.NotFound, (await salesOff.GetAsync("/partner/offers/new/trial")).StatusCode);
    }
}
