using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Hosting;
using PartnerCms.Web;
using PartnerCms.Web.Data;

namespace PartnerCms.Benchmarks;

/// <summary>
/// The cost of the on-behalf checks: Fabrikam's users page (GET /portal/users) requested by Fabrikam's own
/// global administrator and by Contoso's Full administrator in an "Administer on behalf of" session (session,
/// relationship and delegated-access checks, the on-behalf principal, an audit entry per page), alternating rounds
/// in one run, several requests in flight. SQLite.
/// dotnet run -c Release --project tests/PartnerCms.Benchmarks -- onbehalf [requests] [rounds] [concurrency]
/// </summary>
public static class OnBehalfBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var requests = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2_000;
        var rounds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3;
        var concurrency = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 8;
        var folder = Path.Combine(Path.GetTempPath(), "partnercms-bench-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(folder);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ApplicationName = "PartnerCms.Web" });
        builder.Configuration["Database:ConnectionString"] = $"Data Source={Path.Combine(folder, "bench.db")}";
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        builder.Configuration["Accounts:SignInAttemptsPerMinute"] = "1000";
        // Measures the on-behalf check, not the second step: the benchmark signs in with passwords.
        builder.Configuration["Accounts:Mfa:Required"] = "false";
        builder.Configuration["Accounts:Mfa:DemoKeys"] = "false";
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddPartnerCms<SqlitePartnerCmsDbContext, PostgresPartnerCmsDbContext>(InstalledModules.All);
        var app = builder.Build();
        app.UsePartnerCms();
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        using var own = await SignInAsync(address, "admin@fabrikam.example", "Fabrikam-Admin-2026");
        using var onBehalf = await SignInAsync(address, "full@contosopartners.example", "Contoso-Full-2026");
        var token = await TokenAsync(onBehalf, "/partner/lookup?q=fabrikam.example");
        using var started = await onBehalf.PostAsync("/partner/customers/fabrikam/administer", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        if (started.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException("The on-behalf session did not start: " + (int)started.StatusCode + " " + started.Headers.Location + " " + await started.Content.ReadAsStringAsync());
        }

        foreach (var client in new[] { own, onBehalf })
        {
            var check = await client.GetStringAsync("/portal/users");
            if (!check.Contains("dana@fabrikam.example", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("The users page did not show Fabrikam's users.");
            }
        }

        var results = new Dictionary<string, List<double>> { ["own administrator"] = [], ["on behalf (Full)"] = [] };
        await MeasureAsync(own, 200, concurrency);
        await MeasureAsync(onBehalf, 200, concurrency);
        for (var round = 0; round < rounds; round++)
        {
            results["own administrator"].Add(await MeasureAsync(own, requests, concurrency));
            results["on behalf (Full)"].Add(await MeasureAsync(onBehalf, requests, concurrency));
        }

        Console.WriteLine($"GET /portal/users, {requests} requests × {rounds} rounds, {concurrency} in flight, 2 cores, SQLite");
        foreach (var (name, list) in results)
        {
            Console.WriteLine($"  {name,-20} {string.Join("  ", list.Select(r => r.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))} requests/s (mean {list.Average():N0})");
        }

        Console.WriteLine($"  ratio on behalf / own: {results["on behalf (Full)"].Average() / results["own administrator"].Average():N3}");
        await app.StopAsync();
    }

    private static async Task<double> MeasureAsync(HttpClient client, int requests, int concurrency)
    {
        var next = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= requests)
            {
                using var response = await client.GetAsync("/portal/users");
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException("GET /portal/users answered " + (int)response.StatusCode);
                }

                await response.Content.ReadAsByteArrayAsync();
            }
        }));
        return requests / watch.Elapsed.TotalSeconds;
    }

    internal static async Task<HttpClient> SignInAsync(Uri address, string userName, string password, CookieContainer? cookies = null)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = address };
        var token = await TokenAsync(client, "/account/signin");
        using var response = await client.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName,
            ["Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
        return response.StatusCode == HttpStatusCode.Redirect ? client : throw new InvalidOperationException($"Sign-in of {userName} failed.");
    }

    internal static async Task<string> TokenAsync(HttpClient client, string page) =>
        WebUtility.HtmlDecode(Regex.Match(await client.GetStringAsync(page), "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
}
