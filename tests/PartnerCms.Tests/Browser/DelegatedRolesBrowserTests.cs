using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PartnerCms.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PartnerCms.Tests.Browser;

/// <summary>
/// Least-privilege delegated administration walked in Chromium: Northwind's global administrator approves two of the
/// three roles Contoso asks for, Contoso's administrator assigns its Helpdesk team one of them, and a Helpdesk member
/// administers Northwind with exactly that.
/// </summary>
[Trait("Category", "Browser")]
[Trait("Area", "Delegation")]
[Collection(BrowserCollection.Name)]
public sealed class DelegatedRolesBrowserTests(BrowserSession browser) : IClassFixture<BrowserSession>
{
    [Fact]
    [Trait("Rule", "R15")]
    [Trait("Rule", "R19")]
    public async Task A_customer_approves_two_of_three_roles_and_the_partner_assigns_a_team_that_gets_exactly_that()
    {
        // The customer: the pending request on Partner relationships, each role in plain words, one unticked.
        var customer = await browser.SignInAsync(DemoUsers.NorthwindAdmin);
        await customer.GotoAsync("/portal/partners");
        await Expect(customer.GetByTestId("offered")).ToContainTextAsync("Users administrator, Domain administrator, Service support");
        await customer.GetByTestId("offered").Locator("[data-action='review-offer']").ClickAsync();
        await Expect(customer).ToHaveURLAsync(new Regex("/offers/Q-DEM-DA7"));
        await customer.GotoAsync(customer.Url.Replace("?", "/accept?", StringComparison.Ordinal));

        var roles = customer.GetByTestId("what-they-can-do");
        await Expect(roles.GetByLabel("Domain administrator")).ToBeCheckedAsync();
        await Expect(roles).ToContainTextAsync("Add and remove the customer's domains");
        await roles.GetByLabel("Domain administrator").UncheckAsync();
        await BrowserSession.ScreenshotAsync(customer, "delegation-approve-two-of-three");
        await customer.GetByTestId("accept-delegation").ClickAsync();
        await Expect(customer.Locator("main")).ToContainTextAsync("accepted");
        await customer.GotoAsync("/portal/partners");
        var row = customer.GetByTestId("partners").Locator("tr[data-partner='contoso-partners']");
        await Expect(row.Locator("li[data-role]")).ToHaveCountAsync(2);
        await Expect(row).Not.ToContainTextAsync("Domain administrator");
        await customer.Context.CloseAsync();

        // The partner's administrator gives Helpdesk Users administrator in Northwind.
        var admin = await browser.SignInAsync(DemoUsers.ContosoAdmin);
        await admin.GotoAsync("/partner/customers?q=northwind");
        var customerRow = admin.GetByTestId("customers").Locator("tr[data-customer='northwind']");
        await Expect(customerRow.Locator("[data-field='roles']")).ToHaveTextAsync("Users administrator, Service support");
        await customerRow.Locator("[data-action='assign-teams']").ClickAsync();
        await admin.GetByLabel("Helpdesk: Users administrator").CheckAsync();
        await BrowserSession.ScreenshotAsync(admin, "delegation-assign-team");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(admin.GetByTestId("status")).ToContainTextAsync("were saved");
        await Expect(admin.GetByTestId("customers").Locator("tr[data-customer='northwind'] [data-field='teams']")).ToContainTextAsync("Helpdesk");
        await admin.Context.CloseAsync();

        // A Helpdesk member administers Northwind: Users, and no Domains area.
        var helpdesk = await browser.SignInAsync(DemoUsers.ContosoHelpdesk);
        await helpdesk.GotoAsync("/partner/lookup?q=northwind.example");
        await Expect(helpdesk.Locator("[data-field='YourRoles']")).ToHaveTextAsync("Users administrator, Service support");
        await helpdesk.GetByTestId("customer").Locator("[data-action='administer-on-behalf']").ClickAsync();
        await Expect(helpdesk).ToHaveURLAsync(new Regex("/portal$"));
        var nav = helpdesk.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToBeVisibleAsync();
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Domains" })).ToHaveCountAsync(0);
        Assert.Equal(403, (await helpdesk.GotoAsync("/portal/domains"))!.Status);
        await helpdesk.Context.CloseAsync();
    }
}
