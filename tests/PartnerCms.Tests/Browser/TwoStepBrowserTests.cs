using Microsoft.Playwright;
using PartnerCms.Tests.Infrastructure;
using PartnerCms.Tests.Integration;
using static Microsoft.Playwright.Assertions;

namespace PartnerCms.Tests.Browser;

/// <summary>The portal with two-step sign-in required and no demo keys: every required user sets up a method first.</summary>
public sealed class TwoStepBrowserSession() : BrowserSession(new Dictionary<string, string?>
{
    ["Accounts:Mfa:Required"] = "true",
    ["Accounts:Mfa:DemoKeys"] = "false",
});

/// <summary>
/// The walk of issue 22 in Chromium: full@ signs in, is held on the set-up page, sets up the app from the key the page
/// shows, saves the recovery codes, looks up Fabrikam and administers on behalf of it; adds a passkey (Chromium's
/// virtual authenticator: CTAP2, internal, resident keys, user verification), signs in with it with and without the
/// password, and removes it. Passkeys need a secure context and a domain, so the page is opened on localhost.
/// </summary>
[Trait("Category", "Browser")]
[Trait("Area", "Mfa")]
[Collection(BrowserCollection.Name)]
public sealed class TwoStepBrowserTests(TwoStepBrowserSession browser) : IClassFixture<TwoStepBrowserSession>
{
    [Fact]
    [Trait("Rule", "R18")]
    public async Task Full_signs_in_sets_up_the_app_saves_codes_administers_Fabrikam_and_later_signs_in_with_a_passkey()
    {
        var localhost = new UriBuilder(browser.BaseAddress) { Host = "localhost" }.Uri;
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = localhost.ToString(), AcceptDownloads = true });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });

        var full = DemoUsers.ContosoFull;
        await page.GotoAsync("/account/signin");
        await page.GetByLabel("User name").FillAsync(full.UserName);
        await page.GetByLabel("Password").FillAsync(full.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        // Required and without a method: only the set-up page opens.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/security$"));
        await Expect(page.GetByTestId("must-set-up")).ToContainTextAsync("can administer customers on their behalf");
        await page.GotoAsync("/partner/lookup");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/security$"));

        await page.GetByRole(AriaRole.Link, new() { Name = "Set up an authenticator app" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "QR code for PartnerCms in your authenticator app" })).ToBeVisibleAsync();
        var key = (await page.GetByTestId("authenticator-key").InnerTextAsync()).Trim();
        await page.GetByLabel("Code from the app").FillAsync(TwoStepSignInTests.CodeFor(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your recovery codes" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("recovery-codes").Locator("code")).ToHaveCountAsync(10);
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download" }).ClickAsync());
        var saved = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Equal(10, saved.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1);
        await BrowserSession.ScreenshotAsync(page, "two-step-recovery-codes");
        await page.GetByRole(AriaRole.Link, new() { Name = "I saved them" }).ClickAsync();

        // Look up Fabrikam and administer it (the second step was just passed: no step-up).
        await page.GotoAsync("/partner/lookup");
        await page.GetByLabel("Complete user name or domain name").FillAsync("fabrikam.example");
        await page.Keyboard.PressAsync("Enter");
        await page.GetByRole(AriaRole.Button, new() { Name = "Administer on behalf of" }).First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/portal/?$"));
        await Expect(page.GetByTestId("on-behalf-banner")).ToContainTextAsync("Fabrikam");
        await page.GetByRole(AriaRole.Button, new() { Name = "End session" }).ClickAsync();

        // A passkey, named.
        await page.GotoAsync("/account/security");
        await page.GetByLabel("Name of the new passkey").FillAsync("Test laptop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();
        await Expect(page.GetByTestId("passkeys")).ToContainTextAsync("Test laptop");

        // Later: without the password.
        await context.ClearCookiesAsync();
        await page.GotoAsync("/account/signin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin$"));

        // With the password, the passkey as the second step.
        await context.ClearCookiesAsync();
        await page.GotoAsync("/account/signin");
        await page.GetByLabel("User name").FillAsync(full.UserName);
        await page.GetByLabel("Password").FillAsync(full.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Second step" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Use a passkey" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin$"));

        // Removed: it no longer signs in.
        await page.GotoAsync("/account/security");
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove Test laptop" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Or(page.Locator(".notice")).First).ToContainTextAsync("The passkey was removed");
        await context.ClearCookiesAsync();
        await page.GotoAsync("/account/signin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
        await Expect(page.Locator(".validation-summary-errors")).ToContainTextAsync("That passkey did not sign you in");
        await context.CloseAsync();
    }
}
