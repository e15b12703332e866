using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerCms.Core.Data;
using PartnerCms.Mail.Models;
using PartnerCms.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static PartnerCms.Tests.Infrastructure.OfferSteps;

namespace PartnerCms.Tests.Browser;

/// <summary>
/// The workflow editor as a partner administrator uses it, in Chromium: build "on offer accepted → send e-mail to the
/// customer" on the canvas (drag from the palette, add with the keyboard, connect by dragging an outcome, fill the
/// settings with a Liquid mistake first), try it (nothing sent), publish and enable it; a customer accepts an offer;
/// the run's page shows its path on the canvas and the mail in the outbox. axe finds nothing serious on either page.
/// </summary>
[Trait("Category", "Browser")]
[Trait("Area", "Workflows")]
[Collection(BrowserCollection.Name)]
public sealed class WorkflowEditorBrowserTests(BrowserSession browser) : IClassFixture<BrowserSession>
{
    /// <summary>
    /// Drags as a person does — press on the source, move over the target twice, release — which Playwright recommends over
    /// DragTo for HTML5 drag and drop (DragTo was seen to drop nothing on a loaded machine).
    /// </summary>
    private static async Task DragAsync(IPage page, ILocator source, ILocator target, float x, float y)
    {
        await source.HoverAsync();
        await page.Mouse.DownAsync();
        await target.HoverAsync(new() { Position = new() { X = x, Y = y } });
        await target.HoverAsync(new() { Position = new() { X = x + 1, Y = y + 1 } });
        await page.Mouse.UpAsync();
    }

    [Fact]
    public async Task An_administrator_builds_tries_and_publishes_a_workflow_on_the_canvas_and_follows_its_run()
    {
        var site = browser.Site;
        await site.DeliverEventsAsync();
        var admin = await browser.SignInAsync(DemoUsers.ContosoAdmin);
        await admin.GotoAsync("/partner/workflows");
        await admin.GetByTestId("new-form").GetByLabel("Name").FillAsync("Canvas welcome");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create and open the editor" }).ClickAsync();
        await Expect(admin).ToHaveURLAsync(new Regex("/editor$"));
        var editorPath = new Uri(admin.Url).AbsolutePath;

        // Drag the event onto the canvas; add the e-mail with the keyboard.
        await admin.WaitForFunctionAsync("() => !!window.workflowEditor");
        await admin.GetByLabel("Search").FillAsync("offer acc");
        await DragAsync(admin, admin.GetByTestId("palette").GetByRole(AriaRole.Button, new() { Name = "Offer accepted" }), admin.GetByTestId("canvas"), 120, 150);
        await Expect(admin.Locator(".drawflow-node[data-node='offer-accepted-1']")).ToBeVisibleAsync();
        await admin.GetByLabel("Search").FillAsync("");
        var sendEmail = admin.GetByTestId("palette").GetByRole(AriaRole.Button, new() { Name = "Send e-mail" });
        await sendEmail.FocusAsync();
        await admin.Keyboard.PressAsync("Enter");
        await Expect(admin.Locator(".drawflow-node[data-node='send-email-1']")).ToBeVisibleAsync();

        // Settings, with a Liquid mistake that the server finds as it is typed.
        var settings = admin.GetByTestId("settings");
        await settings.GetByLabel("To", new() { Exact = true }).FillAsync("{{ event.acceptedBy }}");
        await settings.GetByLabel("Subject").FillAsync("Welcome {{ event.quoteId");
        await settings.GetByLabel("Body").FillAsync("Thank you for accepting {{ event.quoteId }}.");
        await Expect(settings.Locator("[data-error-for='subject']")).ToBeVisibleAsync();
        await Expect(admin.Locator(".drawflow-node.wf-invalid[data-node='send-email-1']")).ToBeVisibleAsync();
        await Expect(admin.GetByRole(AriaRole.Button, new() { Name = "Publish" })).ToBeDisabledAsync();
        await settings.GetByLabel("Subject").FillAsync("Welcome {{ event.quoteId }}");
        await Expect(settings.Locator("[data-error-for='subject']")).ToBeHiddenAsync();

        // Connect the event's Done outcome to the e-mail by dragging.
        await DragAsync(admin, admin.Locator(".drawflow-node[data-node='offer-accepted-1'] .output_1"), admin.Locator(".drawflow-node[data-node='send-email-1'] .input_1"), 7, 7);
        await Expect(admin.GetByTestId("connections")).ToContainTextAsync("offer-accepted-1 —Done→ send-email-1");
        await Expect(admin.Locator(".drawflow-node.wf-invalid")).ToHaveCountAsync(0);
        await Expect(admin.GetByRole(AriaRole.Button, new() { Name = "Publish" })).ToBeEnabledAsync();
        await BrowserSession.ScreenshotAsync(admin, "workflow-editor");
        Assert.Empty(await BrowserSession.AxeAsync(admin));

        // Try it: the journal it would write, and nothing sent.
        await admin.GetByText("Try it (dry run)").ClickAsync();
        await admin.GetByLabel("Event values (JSON)").FillAsync("""{ "acceptedBy": "dry@fabrikam.example", "quoteId": "Q-DRY-RUN" }""");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Try it", Exact = true }).ClickAsync();
        await Expect(admin.GetByTestId("dry-run-journal")).ToContainTextAsync("not sent");
        await Expect(admin.GetByTestId("dry-run-status")).ToContainTextAsync("Finished");
        Assert.Equal(0, await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<OutgoingMail>().IgnoreQueryFilters().CountAsync(m => m.Subject.Contains("Q-DRY-RUN"))));

        await admin.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Expect(admin.GetByTestId("editor-status")).ToContainTextAsync("Version 1 published");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Workflow page" }).ClickAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Enable" }).ClickAsync();
        await Expect(admin.GetByTestId("workflow-state")).ToHaveTextAsync("Enabled");

        // A customer accepts an offer.
        string domain;
        using (var sales = await site.SignInAsync(DemoUsers.ContosoSales))
        {
            var quote = await CreateOfferAsync(sales, "purchase", "US", await OfficeAsync(site, "contoso-partners", "RED-001"), [("INTUNE-P1", 2)]);
            using var visitor = site.Anonymous();
            var accepted = await SignUpAsync(visitor, await LinkPathAsync(sales, quote), NewDomain(), new() { ["INTUNE-P1"] = 2 });
            Assert.Equal(System.Net.HttpStatusCode.OK, accepted.Status);
            domain = accepted.Domain;
        }

        await site.DeliverEventsAsync();

        // The run: its path on the canvas, its mail in the outbox.
        await admin.GotoAsync("/partner/workflows/instances");
        await admin.GetByLabel("Workflow").SelectOptionAsync(new SelectOptionValue { Label = "Canvas welcome" });
        await admin.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await admin.GetByTestId("runs").GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(admin.GetByTestId("instance-status")).ToHaveTextAsync("Finished");
        await Expect(admin.Locator(".drawflow-node.wf-visited")).ToHaveCountAsync(2);
        await Expect(admin.GetByTestId("mail-status")).ToContainTextAsync("E-mail in the outbox");
        await Expect(admin.GetByTestId("journal")).ToContainTextAsync("admin@" + domain);
        await BrowserSession.ScreenshotAsync(admin, "workflow-run-path");
        Assert.Empty(await BrowserSession.AxeAsync(admin));

        // The list's 30-day statistics count the run.
        await admin.GotoAsync("/partner/workflows");
        await Expect(admin.Locator("tr", new() { HasText = "Canvas welcome" }).Locator("[data-field='stats30']")).ToContainTextAsync("1 / 0 /");
        await Expect(admin.Locator("#wf-stats-chart")).ToBeVisibleAsync();
        await admin.Context.CloseAsync();

        // Sales and marketing cannot open the editor.
        foreach (var user in new[] { DemoUsers.ContosoSales, DemoUsers.ContosoMarketing })
        {
            var page = await browser.SignInAsync(user);
            var response = await page.GotoAsync(editorPath);
            Assert.Equal(403, response!.Status);
            await page.Context.CloseAsync();
        }
    }

    /// <summary>
    /// The outside walk found the canvas the narrowest column at 1280 px under a page-long palette, two fields labelled
    /// "To" in the side panel, and the steps table's type names breaking mid-word. The canvas now gets the page.
    /// </summary>
    [Fact]
    [Trait("Area", "Hardening")]
    public async Task At_1280_pixels_the_canvas_gets_the_page_and_the_navigation_palette_and_settings_fold_away()
    {
        var admin = await browser.SignInAsync(DemoUsers.ContosoAdmin);
        await admin.SetViewportSizeAsync(1280, 800);
        await admin.GotoAsync("/partner/workflows");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Welcome new customers" }).First.ClickAsync();
        // The steps table names activities in words, which wrap between words.
        await Expect(admin.GetByTestId("steps")).ToContainTextAsync("Send e-mail");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Open the editor" }).ClickAsync();
        await admin.WaitForFunctionAsync("() => !!window.workflowEditor");

        async Task<double> CanvasWidthAsync() => await admin.GetByTestId("canvas").EvaluateAsync<double>("c => c.getBoundingClientRect().width");

        // The navigation is folded behind Menu; the canvas is the widest part of the page.
        await Expect(admin.Locator("#sidenav")).ToBeHiddenAsync();
        var open = await CanvasWidthAsync();
        Assert.True(open >= 600, $"the canvas is {open} px wide at 1280 px");
        Assert.True(open > await admin.Locator("#wf-palette").EvaluateAsync<double>("e => e.getBoundingClientRect().width") + await admin.Locator("#wf-side").EvaluateAsync<double>("e => e.getBoundingClientRect().width"));
        // The palette scrolls in its own box beside the canvas instead of running down the page.
        await BrowserSession.ScreenshotAsync(admin, "workflow-editor-1280");
        var paletteBottom = await admin.Locator("#wf-palette").EvaluateAsync<double>("e => e.getBoundingClientRect().bottom");
        var canvasBottom = await admin.GetByTestId("canvas").EvaluateAsync<double>("e => e.getBoundingClientRect().bottom");
        Assert.True(paletteBottom <= canvasBottom + 8, $"the palette ends at {paletteBottom} px, the canvas at {canvasBottom} px");

        // The settings of a Send e-mail step and the connection form do not share a label.
        await admin.Locator(".drawflow-node[data-node='welcome']").ClickAsync();
        await Expect(admin.GetByTestId("settings").GetByLabel("Subject")).ToBeVisibleAsync();
        var labels = await admin.Locator("#wf-side label").AllInnerTextsAsync();
        Assert.Empty(labels.Select(l => l.Trim()).Where(l => l.Length > 0).GroupBy(l => l).Where(g => g.Count() > 1).Select(g => g.Key));

        // Palette and settings fold away and the canvas takes their room; the Menu button brings the navigation back.
        await admin.GetByRole(AriaRole.Button, new() { Name = "Activities" }).ClickAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Settings" }).ClickAsync();
        await Expect(admin.Locator("#wf-palette")).ToBeHiddenAsync();
        await Expect(admin.Locator("#wf-side")).ToBeHiddenAsync();
        await Expect(admin.GetByRole(AriaRole.Button, new() { Name = "Settings" })).ToHaveAttributeAsync("aria-expanded", "false");
        var folded = await CanvasWidthAsync();
        Assert.True(folded >= 1100, $"with the panels folded the canvas is {folded} px wide at 1280 px");
        await admin.GetByTestId("menu-toggle").ClickAsync();
        await Expect(admin.Locator("#sidenav")).ToBeVisibleAsync();
        Assert.Empty(await BrowserSession.AxeAsync(admin));
        await admin.Context.CloseAsync();
    }
}
