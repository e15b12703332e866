using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Hosting;
using PartnerCms.Core.Organizations;
using PartnerCms.Offers.Models;
using PartnerCms.Offers.Services;
using PartnerCms.Web;
using PartnerCms.Web.Data;

namespace PartnerCms.Benchmarks;

/// <summary>
/// The offer landing page under load: wrk against GET /offers/{quoteId}?advisor=…&amp;sig=… on the real portal
/// (Release, SQLite, all modules, demo data), and in the same run against two baselines that return a short string: a
/// bare Kestrel app with nothing but that endpoint, and the same endpoint inside the portal's pipeline
/// (Benchmarks:RawEndpoint). Rounds alternate so that machine noise hits every target alike.
/// dotnet run -c Release --project tests/PartnerCms.Benchmarks -- landing [seconds] [connections] [rounds]
/// </summary>
public static partial class LandingBenchmark
{
    private const string BareRaw = "Bare Kestrel, GET /raw";

    private const string BarePage = "Bare Kestrel, GET /page";

    public static async Task RunAsync(string[] args)
    {
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 15;
        var connections = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 64;
        var rounds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 2;

        // The bare baseline: Kestrel and one endpoint, no PartnerCms at all.
        var (bare, bareAddress) = await BenchPortal.BareKestrelAsync();
        await using var _bare = bare;

        var folder = Path.Combine(Path.GetTempPath(), "partnercms-landing-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(folder);
        // ApplicationName: the static web assets manifests copied here are the portal's (PartnerCms.Web.staticwebassets.*).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ApplicationName = "PartnerCms.Web" });
        builder.Configuration["Database:ConnectionString"] = $"Data Source={Path.Combine(folder, "landing.db")}";
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        builder.Configuration["Benchmarks:RawEndpoint"] = "true";
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // The themes' stylesheets from the build output (a published portal has them in wwwroot): Lighthouse loads them.
        builder.WebHost.UseStaticWebAssets();
        builder.AddPartnerCms<SqlitePartnerCmsDbContext, PostgresPartnerCmsDbContext>(InstalledModules.All);
        await using var portal = builder.Build();
        portal.UsePartnerCms();
        await portal.StartAsync();

        var path = await OfferPathAsync(portal);
        await BrandAsync(portal);
        var portalAddress = Address(portal);
        using (var check = new HttpClient())
        {
            var page = await check.GetStringAsync(portalAddress + path);
            if (!page.Contains("data-testid=\"quote-id\"", StringComparison.Ordinal) || !page.Contains("data-testid=\"partner-headline\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("The landing page did not render the offer: the benchmark would measure an error page.");
            }
        }

        // The English page as sent with gzip, for the bare server's /page.
        using (var raw = new HttpClient(new HttpClientHandler { AutomaticDecompression = System.Net.DecompressionMethods.None }))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, portalAddress + path);
            request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
            request.Headers.TryAddWithoutValidation("Accept-Language", "en-US,en;q=0.9");
            using var response = await raw.SendAsync(request);
            var headers = response.Headers.Concat(response.Content.Headers)
                .Where(h => h.Key is not ("Date" or "Server" or "Content-Length"))
                .Select(h => (h.Key, string.Join(", ", h.Value))).ToList();
            BenchPortal.BarePage = (headers, await response.Content.ReadAsByteArrayAsync());
        }

        // BENCH_HOLD=<seconds>: keep both servers up for a profiler (dotnet-trace on this process) and a hand-driven wrk.
        if (int.TryParse(Environment.GetEnvironmentVariable("BENCH_HOLD"), CultureInfo.InvariantCulture, out var hold))
        {
            Console.WriteLine($"Holding {hold} s (process {Environment.ProcessId}): bare {bareAddress}/raw, landing {portalAddress + path}");
            await Task.Delay(TimeSpan.FromSeconds(hold));
        }

        // Browsers always send Accept-Encoding and Accept-Language; every target gets the same Accept-Encoding, the
        // landing page is measured as a browser asks for it (an English and a French visitor), without Accept-Language
        // (a crawler or a link preview) and uncompressed (a client that does not accept gzip).
        const string browser = "Accept-Encoding: gzip, deflate, br, zstd";
        string[] gzip = [browser];
        var targets = new (string Name, string Url, string[] Headers)[]
        {
            (BareRaw + " (short string)", bareAddress + "/raw", gzip),
            (BarePage + " (the landing page's bytes and headers)", bareAddress + "/page", gzip),
            ("Portal pipeline, GET /benchmarks/raw (short string)", portalAddress + "/benchmarks/raw", gzip),
            ("Landing page, GET /offers/{quoteId}?advisor=…&sig=… (gzip, Accept-Language: en-US,en;q=0.9)", portalAddress + path, [browser, "Accept-Language: en-US,en;q=0.9"]),
            ("Landing page, same (gzip, Accept-Language: fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7)", portalAddress + path, [browser, "Accept-Language: fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7"]),
            ("Landing page, same (gzip, no Accept-Language)", portalAddress + path, gzip),
            ("Landing page, same, no Accept-Encoding (uncompressed)", portalAddress + path, []),
        };

        Console.WriteLine($"wrk -t2 -c{connections} -d{seconds}s --latency (a warm-up of up to 5 s each), {rounds} rounds each starting at the next target, {Environment.ProcessorCount} cores, {RuntimeInformationText()}");
        var results = new List<(int Round, string Name, double Rps, string P50, string P99, long Errors)>();
        for (var round = 1; round <= rounds; round++)
        {
            // Each round starts at another target: on this shared machine the throughput drifts within a round, and a
            // fixed order would give that drift to whichever target always comes last.
            foreach (var (name, url, headers) in targets.Skip((round - 1) % targets.Length).Concat(targets.Take((round - 1) % targets.Length)))
            {
                // A short warm-up (JIT, connection pool, page cache), then the measured run.
                await WrkAsync(url, Math.Min(5, Math.Max(2, seconds / 2)), connections, headers);
                var output = await WrkAsync(url, seconds, connections, headers);
                results.Add((round, name, Rps(output), Percentile(output, "50%"), Percentile(output, "99%"), Errors(output)));
            }
        }

        if (Environment.GetEnvironmentVariable("BENCH_LIGHTHOUSE") == "1")
        {
            await LighthouseAsync(portalAddress + path);
        }

        var views = await ViewsAsync(portal);
        Console.WriteLine();
        Console.WriteLine("| round | target | requests/s | p50 | p99 | non-2xx/errors | ratio to bare | ratio to pipeline raw |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var round in results.GroupBy(r => r.Round))
        {
            var bareRps = round.First(r => r.Name.StartsWith(BareRaw, StringComparison.Ordinal)).Rps;
            var pipelineRps = round.First(r => r.Name.StartsWith("Portal", StringComparison.Ordinal)).Rps;
            foreach (var r in round)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {r.Round} | {r.Name} | {r.Rps:N0} | {r.P50} | {r.P99} | {r.Errors} | {r.Rps / bareRps:0.00}× | {r.Rps / pipelineRps:0.00}× |"));
            }
        }

        // Over all rounds: the machine's noise moves every target between rounds, so the rounds' sums and the median of
        // the per-round ratios say more than any one round.
        Console.WriteLine();
        Console.WriteLine("| target, all rounds | requests/s (mean) | ratio to bare /raw (sums) | median of the rounds' ratios to bare /raw | ratio to bare /page (sums) |");
        Console.WriteLine("|---|---|---|---|---|");
        var bareByRound = results.Where(r => r.Name.StartsWith(BareRaw, StringComparison.Ordinal)).ToDictionary(r => r.Round, r => r.Rps);
        var barePageSum = results.Where(r => r.Name.StartsWith(BarePage, StringComparison.Ordinal)).Sum(r => r.Rps);
        foreach (var target in results.GroupBy(r => r.Name))
        {
            var ratios = target.Select(r => r.Rps / bareByRound[r.Round]).Order().ToList();
            var median = ratios.Count % 2 == 1 ? ratios[ratios.Count / 2] : (ratios[(ratios.Count / 2) - 1] + ratios[ratios.Count / 2]) / 2;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {target.Key} | {target.Average(r => r.Rps):N0} | {target.Sum(r => r.Rps) / bareByRound.Values.Sum():0.00}× | {median:0.00}× | {target.Sum(r => r.Rps) / barePageSum:0.00}× |"));
        }

        Console.WriteLine();
        Console.WriteLine($"Views the dashboard counted for the offer: {views:N0} (every landing request, warm-ups included).");
        await portal.StopAsync();
        await bare.StopAsync();
    }

    private static string RuntimeInformationText() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    private static async Task<string> OfferPathAsync(WebApplication portal)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        using var system = scope.ServiceProvider.GetRequiredService<ICurrentOrganization>().RunAsSystem();
        var db = scope.ServiceProvider.GetRequiredService<PartnerCms.Core.Data.PartnerCmsDbContext>();
        var office = db.Set<PartnerCms.Partners.Models.OfficeIndex>().First(o => o.OrganizationId == "contoso-partners").ContentItemId;
        var offers = scope.ServiceProvider.GetRequiredService<OfferService>();
        var result = await offers.CreateAsync("contoso-partners", new OfferInput
        {
            Kind = OfferKind.PurchaseOffer,
            OfficeId = office,
            UsageLocation = "US",
            Lines = [new OfferLineInput { SkuCode = "INTUNE-P1", Licences = 50 }, new OfferLineInput { SkuCode = "ENTRA-P2", Licences = 50 }],
            IncludesDelegatedAdministration = true,
        }, "sales@contosopartners.example");
        return offers.PathFor(result.Offer!.Get<OfferPart>());
    }

    /// <summary>Contoso's landing pages get a published branding (logo, colours, headline, introduction): the page measured is the branded one.</summary>
    private static async Task BrandAsync(WebApplication portal)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        using var contoso = scope.ServiceProvider.GetRequiredService<ICurrentOrganization>().RunAs("contoso-partners");
        var branding = scope.ServiceProvider.GetRequiredService<PartnerCms.Branding.Services.BrandingService>();
        var svg = System.Text.Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 96 48\" width=\"96\" height=\"48\"><rect width=\"96\" height=\"48\" rx=\"8\" fill=\"#5b2a86\"/><text x=\"48\" y=\"31\" fill=\"#fff\" font-size=\"18\" text-anchor=\"middle\">CP</text></svg>");
        var (logo, error) = PartnerCms.Branding.Services.LogoValidator.Check(svg);
        var check = await branding.SaveDraftAsync("contoso-partners", new PartnerCms.Branding.Models.BrandingSettings
        {
            PrimaryColor = "#5b2a86",
            AccentColor = "#0b5cad",
            Headline = "Intune, set up by {{ partner.name }}",
            Introduction = "We set up Microsoft Intune for you and stay your contact.",
        }, (svg, logo ?? throw new InvalidOperationException(error)), removeLogo: false, "bench");
        var (version, _) = await branding.PublishAsync("contoso-partners", "bench");
        if (!check.Valid || version is null)
        {
            throw new InvalidOperationException("The benchmark's branding was not published.");
        }
    }

    /// <summary>Lighthouse (npm, tests/PartnerCms.Benchmarks/lighthouse) on the branded landing page, phone profile, with the machine's Chromium.</summary>
    private static async Task LighthouseAsync(string url)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "../../../lighthouse");
        var report = Path.Combine(Path.GetTempPath(), "partnercms-lighthouse.json");
        var start = new ProcessStartInfo("npx", ["--no-install", "lighthouse", url, "--quiet", "--form-factor=mobile", "--screenEmulation.mobile=true",
            "--only-categories=performance,accessibility,best-practices", "--output=json", "--output-path=" + report, "--chrome-flags=--headless=new --no-sandbox"])
        {
            UseShellExecute = false,
            WorkingDirectory = Path.GetFullPath(folder),
            RedirectStandardError = true,
        };
        start.Environment["CHROME_PATH"] = Environment.GetEnvironmentVariable("CHROME_PATH") ?? "/usr/bin/chromium";
        using var lighthouse = Process.Start(start) ?? throw new InvalidOperationException("npx did not start.");
        var errors = await lighthouse.StandardError.ReadToEndAsync();
        await lighthouse.WaitForExitAsync();
        if (lighthouse.ExitCode != 0)
        {
            Console.WriteLine("Lighthouse failed: " + errors);
            return;
        }

        using var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(report));
        Console.WriteLine();
        Console.WriteLine("Lighthouse (phone profile, simulated throttling) on the branded landing page:");
        foreach (var category in json.RootElement.GetProperty("categories").EnumerateObject())
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {category.Value.GetProperty("title").GetString()}: {category.Value.GetProperty("score").GetDouble() * 100:0}"));
        }

        foreach (var audit in json.RootElement.GetProperty("audits").EnumerateObject()
            .Where(a => a.Value.TryGetProperty("score", out var s) && s.ValueKind == System.Text.Json.JsonValueKind.Number && s.GetDouble() < 0.9 && a.Value.GetProperty("scoreDisplayMode").GetString() is "binary" or "numeric"))
        {
            Console.WriteLine($"  below 90: {audit.Name} ({audit.Value.GetProperty("title").GetString()})");
        }
    }

    private static async Task<int> ViewsAsync(WebApplication portal)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        using var system = scope.ServiceProvider.GetRequiredService<ICurrentOrganization>().RunAsSystem();
        var dashboard = scope.ServiceProvider.GetRequiredService<CommerceDashboardService>();
        return (await dashboard.GetAsync("contoso-partners", new DashboardFilter())).Views;
    }

    internal static Task<string> WrkAsync(string url, int seconds, int connections, string? header) =>
        WrkAsync(url, seconds, connections, header is null ? [] : [header]);

    /// <summary>wrk with two threads (one for a single connection), the given headers, latency percentiles.</summary>
    internal static async Task<string> WrkAsync(string url, int seconds, int connections, IReadOnlyList<string> headers)
    {
        List<string> arguments = [$"-t{Math.Min(2, connections)}", $"-c{connections}", $"-d{seconds}s", "--latency"];
        foreach (var header in headers)
        {
            arguments.AddRange(["-H", header]);
        }

        arguments.Add(url);
        var start = new ProcessStartInfo("wrk", arguments) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        using var wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start: install it (apt-get install wrk).");
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        return output;
    }

    internal static double Rps(string output) =>
        double.Parse(RpsPattern().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);

    internal static string Percentile(string output, string percentile) =>
        Regex.Match(output, $@"^\s*{Regex.Escape(percentile)}\s+(\S+)", RegexOptions.Multiline).Groups[1].Value;

    internal static long Errors(string output)
    {
        var non2xx = Regex.Match(output, @"Non-2xx or 3xx responses: (\d+)");
        var socket = Regex.Match(output, @"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)");
        return (non2xx.Success ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0)
            + (socket.Success ? Enumerable.Range(1, 4).Sum(i => long.Parse(socket.Groups[i].Value, CultureInfo.InvariantCulture)) : 0);
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RpsPattern();
}
