using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PartnerCms.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PartnerCms.Tests.Browser;

/// <summary>A marketing user edits an offer message: a syntax error, the fix, a preview, publishing, the history and a restore.</summary>
[Trait("Category", "Browser")]
[Collection(BrowserCollection.Name)]
public sealed class MessageTemplatesBrowserTests(BrowserSession browser) : IClassFixture<BrowserSession>
{
    [Fact]
    [Trait("Rule", "R9")]
    public async Task Marketing_fixes_a_syntax_error_previews_publishes_and_restores_the_first_version()
    {
        var page = await browser.SignInAsync(DemoUsers.ContosoMarketing);
        await page.GetByRole(AriaRole.Link, new() { Name = "Message templates" }).First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit Purchase offer" }).ClickAsync();

        // Version 1: the marketing user's own wording.
        await page.GetByLabel("Subject").FillAsync("Your Contoso offer {{ offer.quote_id }}");
        await page.GetByLabel("Body").FillAsync("Hello,\n\nHere is our offer:\n{% for s in offer.subscriptions %}- {{ s.name }} ({{ s.licences }} licences)\n{% endfor %}\nAccept it here: {{ offer.link }}\n\nContoso");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Draft saved as version 1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish the saved version" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Version 1 is published");

        // A syntax error on line 3 is shown with its line while typing (live preview) and on saving; nothing is saved.
        await page.GetByLabel("Body").FillAsync("Hello,\n\nOur offer: {{ offer.quote_id }\nAccept it here: {{ offer.link }}");
        await Expect(page.GetByTestId("body-error")).ToContainTextAsync("Line 3, column");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Expect(page.GetByTestId("body-error")).ToContainTextAsync("Line 3, column");
        await BrowserSession.ScreenshotAsync(page, "template-syntax-error");

        // Fixed: the live preview renders sample data as the author types; the Preview button does the same without script.
        await page.GetByLabel("Body").FillAsync("Hello,\n\nOur offer: {{ offer.quote_id }}\nAccept it here: {{ offer.link }}\n\n{{ partner.name }}");
        await Expect(page.GetByTestId("preview-body")).ToContainTextAsync("Our offer: Q-7K4-92M");
        await Expect(page.GetByTestId("body-error")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await Expect(page.GetByTestId("preview-body")).ToContainTextAsync("Our offer: Q-7K4-92M");
        await Expect(page.GetByTestId("preview-body")).ToContainTextAsync("Contoso Partners");
        await BrowserSession.ScreenshotAsync(page, "template-preview");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Draft saved as version 2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish the saved version" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Version 2 is published");

        // The history shows both versions; restoring the first makes it the new draft.
        await page.GetByRole(AriaRole.Link, new() { Name = "History" }).ClickAsync();
        await Expect(page.Locator("[data-testid='history'] tbody tr")).ToHaveCountAsync(2);
        await page.GetByRole(AriaRole.Link, new() { Name = "Changes from 1" }).ClickAsync();
        await Expect(page.GetByTestId("body-diff")).ToContainTextAsync("+ Our offer: {{ offer.quote_id }}");
        await page.GoBackAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Restore version 1" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Version 1 was restored as draft version 3");
        await Expect(page.GetByLabel("Body")).ToHaveValueAsync(new Regex("Here is our offer:"));
        await BrowserSession.ScreenshotAsync(page, "template-restored");
    }
}
