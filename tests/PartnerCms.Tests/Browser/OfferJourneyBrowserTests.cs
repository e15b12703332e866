using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PartnerCms.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PartnerCms.Tests.Browser;

/// <summary>
/// The whole offer journey in Chromium: a sales user creates a purchase offer and copies its link, a customer in a
/// fresh browser opens it, signs up, chooses licences and accepts without delegated administration, sees the
/// subscriptions with the partner as advisor, and the commerce dashboard counts the view and the acceptance.
/// </summary>
[Trait("Category", "Browser")]
[Collection(BrowserCollection.Name)]
public sealed class OfferJourneyBrowserTests(BrowserSession browser) : IClassFixture<BrowserSession>
{
    [Fact]
    [Trait("Rule", "R8")]
    [Trait("Rule", "R9")]
    [Trait("Rule", "R11")]
    [Trait("Rule", "R12")]
    [Trait("Rule", "R13")]
    public async Task A_purchase_offer_goes_from_the_wizard_to_an_accepting_customer_and_onto_the_dashboard()
    {
        // The sales user: Partner Overview → Create purchase offers → the wizard.
        var sales = await browser.SignInAsync(DemoUsers.ContosoSales);
        await sales.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = browser.BaseAddress.GetLeftPart(UriPartial.Authority) });
        await sales.GotoAsync("/partner");
        await sales.GetByRole(AriaRole.Link, new() { Name = "Create purchase offers" }).First.ClickAsync();
        await sales.GetByLabel("Partner office").SelectOptionAsync(new SelectOptionValue { Label = "Contoso Redmond (RED-001, Redmond)" });
        await sales.GetByLabel("Usage location").SelectOptionAsync(new SelectOptionValue { Label = "United States" });
        await sales.GetByRole(AriaRole.Button, new() { Name = "Next" }).Last.ClickAsync();

        // Only what the United States offers; a licence count for the chosen subscription.
        await Expect(sales.Locator("tr[data-sku='AUTOPATCH']")).ToHaveCountAsync(1);
        await sales.GetByRole(AriaRole.Checkbox, new() { NameRegex = new Regex("^Microsoft Intune Plan 1 ") }).CheckAsync();
        await sales.GetByLabel("User licences of Microsoft Intune Plan 1").FillAsync("20");
        await sales.GetByRole(AriaRole.Button, new() { Name = "Next" }).Last.ClickAsync();
        await sales.GetByLabel("Include an offer of delegated administration").CheckAsync();
        await sales.GetByRole(AriaRole.Button, new() { Name = "Next" }).Last.ClickAsync();
        await Expect(sales.GetByTestId("offer-review")).ToContainTextAsync("Microsoft Intune Plan 1 — 20 user licences");
        await BrowserSession.ScreenshotAsync(sales, "offer-review");
        await sales.GetByRole(AriaRole.Button, new() { Name = "Create purchase offer" }).ClickAsync();

        // The result: Quote ID, message from the published template, Open in email, and Copy link.
        var quoteId = (await sales.GetByTestId("quote-id").InnerTextAsync()).Trim();
        Assert.Matches("^Q-[A-Z0-9]{3}-[A-Z0-9]{3}$", quoteId);
        var link = await sales.GetByTestId("offer-link").InputValueAsync();
        await Expect(sales.GetByTestId("open-in-email")).ToHaveAttributeAsync("href", new Regex("^mailto:\\?subject=.+&body=.+" + Regex.Escape(Uri.EscapeDataString(link))));
        await sales.GetByRole(AriaRole.Textbox, new() { Name = "Message", Exact = true }).FillAsync("Dear customer, here is our offer: " + link);
        await Expect(sales.GetByTestId("open-in-email")).ToHaveAttributeAsync("href", "mailto:?subject=" + Uri.EscapeDataString(await sales.GetByRole(AriaRole.Textbox, new() { Name = "Subject", Exact = true }).InputValueAsync()) + "&body=" + Uri.EscapeDataString("Dear customer, here is our offer: " + link));
        await sales.GetByRole(AriaRole.Button, new() { Name = "Copy link" }).ClickAsync();
        await Expect(sales.GetByRole(AriaRole.Status).Filter(new() { HasText = "Link copied." })).ToHaveCountAsync(1);
        var copied = await sales.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        Assert.Equal(link, copied);
        await BrowserSession.ScreenshotAsync(sales, "offer-message");

        // A customer in a fresh browser opens the copied link and signs up.
        var context = await browser.Browser.NewContextAsync();
        context.SetDefaultTimeout(60_000);
        var customer = await context.NewPageAsync();
        await customer.GotoAsync(copied);
        await Expect(customer.GetByTestId("partner-name")).ToHaveTextAsync("Contoso Partners");
        await Expect(customer.GetByTestId("quote-id")).ToHaveTextAsync(quoteId);
        await BrowserSession.ScreenshotAsync(customer, "offer-landing");
        await customer.GetByTestId("sign-up").ClickAsync();
        await customer.GetByLabel("Microsoft Intune Plan 1").FillAsync("12");
        await Expect(customer.GetByTestId("accept-delegated-administration")).Not.ToBeCheckedAsync();
        await customer.GetByLabel("Organization name").FillAsync("Adatum Corporation");
        await customer.GetByLabel("Domain name").FillAsync("adatum.example");
        await customer.GetByLabel("Your name").FillAsync("Ada Adatum");
        await customer.GetByLabel("User name", new() { Exact = true }).First.FillAsync("ada@adatum.example");
        await customer.Locator("#signup-Password").FillAsync("Adatum-Admin-2026");
        await customer.GetByLabel("Confirm password").FillAsync("Adatum-Admin-2026");
        await BrowserSession.ScreenshotAsync(customer, "offer-accept");
        await customer.GetByTestId("sign-up-and-accept").ClickAsync();
        await Expect(customer.GetByTestId("accepted")).ToContainTextAsync($"Adatum Corporation has accepted offer {quoteId}");
        await Expect(customer.GetByTestId("delegation-choice")).ToContainTextAsync("You did not accept delegated administration");

        // The customer's account portal: the subscription, 12 licences, Contoso Partners as advisor.
        await customer.GetByRole(AriaRole.Link, new() { Name = "Go to your account portal" }).ClickAsync();
        var row = customer.Locator("tr", new() { HasText = "Microsoft Intune Plan 1" });
        await Expect(row.Locator("[data-field='advisor']")).ToHaveTextAsync("Contoso Partners");
        await Expect(row).ToContainTextAsync("12");
        await BrowserSession.ScreenshotAsync(customer, "offer-customer-portal");

        // The dashboard counts the view and the acceptance.
        await sales.GotoAsync("/partner/commerce");
        var offer = sales.Locator($"tr[data-quote-id='{quoteId}']");
        await Expect(offer.Locator("[data-field='views']")).ToHaveTextAsync("1");
        await Expect(offer.Locator("[data-field='signups']")).ToHaveTextAsync("1");
        await Expect(offer.Locator("[data-field='acceptances']")).ToHaveTextAsync("1");
        await Expect(offer.Locator("[data-field='licences']")).ToHaveTextAsync("12");
        await BrowserSession.ScreenshotAsync(sales, "offer-dashboard");
        await context.DisposeAsync();
    }
}
