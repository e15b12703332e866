using Microsoft.Playwright;
using PartnerCms.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PartnerCms.Tests.Browser;

/// <summary>
/// The media library in Chromium: a marketing user uploads an image with its alt text into a folder, finds it, picks it
/// as the share image on the branding page, and sees it listed as used; the operator sees the library's size. The
/// pages fit at 1280 and 390 pixels and axe finds nothing serious.
/// </summary>
[Trait("Category", "Browser")]
[Trait("Area", "Cms")]
[Collection(BrowserCollection.Name)]
public sealed class MediaBrowserTests(BrowserSession browser) : IClassFixture<BrowserSession>
{
    private static async Task<int> OverflowAsync(IPage page) =>
        await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");

    [Fact]
    public async Task Marketing_uploads_an_image_picks_it_as_the_share_image_and_sees_it_used()
    {
        var marketing = await browser.SignInAsync(DemoUsers.ContosoMarketing);
        await marketing.GotoAsync("/partner");
        await marketing.GetByRole(AriaRole.Link, new() { Name = "Media library" }).ClickAsync();
        await marketing.GetByLabel("Image", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "share.png", MimeType = "image/png", Buffer = Integration.BrandingTests.Png });
        await marketing.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
        await Expect(marketing.GetByTestId("error")).ToContainTextAsync("Alt text is required");
        await marketing.GetByLabel("Image", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "share.png", MimeType = "image/png", Buffer = Integration.BrandingTests.Png });
        await marketing.GetByLabel("Alt text (required)").FillAsync("Contoso's logo on a blue square");
        await marketing.GetByLabel("Folder", new() { Exact = true }).FillAsync("social");
        await marketing.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
        await Expect(marketing.GetByRole(AriaRole.Heading, new() { Name = "share.png" })).ToBeVisibleAsync();
        await Expect(marketing.GetByTestId("usage")).ToHaveTextAsync("Nothing uses this image.");
        var itemPath = new Uri(marketing.Url).AbsolutePath;
        var problems = new List<string>();
        foreach (var path in new[] { "/partner/media", itemPath })
        {
            await marketing.SetViewportSizeAsync(1280, 900);
            await marketing.GotoAsync(path);
            problems.AddRange((await BrowserSession.AxeAsync(marketing)).Select(v => $"{path}: {v}"));
            await marketing.SetViewportSizeAsync(390, 844);
            await marketing.GotoAsync(path);
            if (await OverflowAsync(marketing) > 0)
            {
                problems.Add($"{path}: scrolls sideways at 390 px");
            }
        }

        await marketing.SetViewportSizeAsync(1280, 900);
        await marketing.GotoAsync("/partner/media?q=blue");
        await marketing.GetByRole(AriaRole.Link, new() { Name = "share.png" }).First.ClickAsync();
        await marketing.GotoAsync("/partner/branding");
        await marketing.GetByLabel("Image", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "share.png — Contoso's logo on a blue square" });
        await marketing.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await marketing.GotoAsync(itemPath);
        await Expect(marketing.GetByTestId("usage")).ToContainTextAsync("Landing page branding");

        var @operator = await browser.SignInAsync(DemoUsers.Operator);
        await @operator.GotoAsync("/admin/media");
        await Expect(@operator.Locator("tr[data-organization=contoso-partners]")).ToContainTextAsync("Contoso");
        problems.AddRange((await BrowserSession.AxeAsync(@operator)).Select(v => $"/admin/media: {v}"));
        await marketing.Context.CloseAsync();
        await @operator.Context.CloseAsync();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
