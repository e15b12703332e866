using Microsoft.Playwright;

namespace PartnerCms.Tests.Infrastructure;

/// <summary>Browser test classes run one after another: two Chromium instances at once starve these 2-core machines.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection
{
    public const string Name = "Browser";
}

/// <summary>A real portal on a real port and the machine's Chromium, driven by Playwright.</summary>
public class BrowserSession : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public BrowserSession()
        : this(null)
    {
    }

    /// <summary>A session whose portal runs with these settings on top of the tests' defaults.</summary>
    protected BrowserSession(IDictionary<string, string?>? settings) => Site = new(TestDatabase.Sqlite, settings, realServer: true);

    public PartnerCmsSite Site { get; }

    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        BaseAddress = Site.ServerAddress;
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("PARTNERCMS_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh browser profile (no cookies) signed in as <paramref name="user"/> through the sign-in page.</summary>
    public async Task<IPage> SignInAsync((string UserName, string Password) user)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString() });
        // These machines are shared and slow at times: be patient rather than flaky.
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        var pending = new System.Collections.Concurrent.ConcurrentDictionary<IRequest, DateTime>();
        page.Request += (_, request) => pending[request] = DateTime.UtcNow;
        page.RequestFinished += (_, request) => pending.TryRemove(request, out DateTime _);
        page.RequestFailed += (_, request) => pending.TryRemove(request, out DateTime _);
        await page.GotoAsync("/");
        await page.GetByLabel("User name").FillAsync(user.UserName);
        await page.GetByLabel("Password").FillAsync(user.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        try
        {
            // Polls the page's address rather than waiting for navigation events, which were seen to go missing under load.
            await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin$"), new() { Timeout = 60_000 });
        }
        catch (Exception ex) when (ex is TimeoutException or PlaywrightException)
        {
            await ScreenshotAsync(page, "signin-failed-" + user.UserName);
            var unfinished = string.Join(", ", pending.Select(p => $"{p.Key.Method} {p.Key.Url} since {p.Value:HH:mm:ss.fff}"));
            throw new InvalidOperationException($"Sign-in of {user.UserName} did not reach /admin; the page is {page.Url}; requests still open: [{unfinished}]; page: {await page.InnerTextAsync("body")}", ex);
        }

        return page;
    }

    /// <summary>
    /// Runs axe-core (from npm, copied next to the tests) in the page; returns the serious and critical violations, one
    /// line each ("rule: help (selectors)"), so a test can assert there are none.
    /// </summary>
    public static async Task<IReadOnlyList<string>> AxeAsync(IPage page)
    {
        var script = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "axe.min.js"));
        await page.EvaluateAsync(script);
        var lines = await page.EvaluateAsync<string[]>("""
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'] });
              return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.id} (${v.impact}): ${v.help} [${v.nodes.slice(0, 5).map(n => n.target.join(' ')).join('; ')}]`);
            }
            """);
        return lines;
    }

    /// <summary>Keeps a picture of the page under the test output, for a person to look at.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        System.IO.Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await Site.DisposeAsync();
    }
}
