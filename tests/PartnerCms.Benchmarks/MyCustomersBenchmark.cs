using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Data;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Security;
using PartnerCms.Delegation.Services;

namespace PartnerCms.Benchmarks;

/// <summary>
/// My customers at scale: Contoso with N customers (each with a domain and a delegated relationship made through the
/// relationship service: a fifth expiring within 30 days, a tenth with auto-extend), on SQLite behind the real portal;
/// the list, a prefix search, a status filter, a deep page and the CSV through HTTP as the signed-in sales user.
/// dotnet run -c Release --project tests/PartnerCms.Benchmarks -- mycustomers [customers] [requests]
/// </summary>
public static class MyCustomersBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var customers = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
        var requests = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 200;
        var folder = Path.Combine(Path.GetTempPath(), "partnercms-bench-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(folder);
        var (app, address) = await BenchPortal.StartAsync(Path.Combine(folder, "bench.db"), new Dictionary<string, string?>
        {
            ["Accounts:Mfa:Required"] = "false",
            // The demo workflow "New delegated customer" runs for every seeded relationship and stops at its hourly mail limit: expected, not logged.
            ["Logging:LogLevel:PartnerCms.Workflows"] = "Error",
        });

        Console.WriteLine($"Seeding {customers:N0} customers with relationships ...");
        var seed = Stopwatch.StartNew();
        var now = DateTime.UtcNow;
        for (var start = 0; start < customers; start += 500)
        {
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>();
            var ids = new List<string>();
            for (var i = start; i < Math.Min(customers, start + 500); i++)
            {
                var id = $"bench-{i:D6}";
                db.Organizations.Add(new Organization
                {
                    Id = id,
                    Name = $"Customer {i:D6}",
                    Kind = OrganizationKind.Customer,
                    CreatedUtc = now,
                    Domains = [new OrganizationDomain { OrganizationId = id, Name = $"c{i:D6}.example", NormalizedName = $"c{i:D6}.example", IsPrimary = true }],
                });
                ids.Add(id);
            }

            await db.SaveChangesAsync();
            var relationships = scope.ServiceProvider.GetRequiredService<DelegatedRelationshipService>();
            foreach (var (id, n) in ids.Select((id, n) => (id, start + n)))
            {
                await relationships.GrantAsync("contoso-partners", id, "bench", "bench", now.AddDays(n % 5 == 0 ? 10 : 200),
                    n % 2 == 0 ? [DelegatedRoles.UsersAdministrator, DelegatedRoles.ServiceSupport] : [.. DelegatedRoles.FullBundle], null, n % 10 == 0);
            }
        }

        Console.WriteLine($"Seeded in {seed.Elapsed.TotalSeconds:N0} s.");
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(5) };
        var signInPage = await http.GetStringAsync("/account/signin");
        var token = Regex.Match(signInPage, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var signIn = await http.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "sales@contosopartners.example",
            ["Password"] = "Contoso-Sales-2026",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        }));
        if (signIn.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException("Could not sign in the sales user.");
        }

        var first = await http.GetStringAsync("/partner/customers");
        var count = Regex.Match(first, "data-testid=\"count\">(\\d+) customers").Groups[1].Value;
        if (!int.TryParse(count, System.Globalization.CultureInfo.InvariantCulture, out var listed) || listed < customers)
        {
            throw new InvalidOperationException($"My customers lists {count}, not the {customers:N0} seeded: the benchmark would not measure the right work.");
        }

        Console.WriteLine();
        Console.WriteLine("| request | requests | p50 (ms) | p99 (ms) | max (ms) |");
        Console.WriteLine("|---|---|---|---|---|");
        Console.WriteLine(await CommerceBenchmark.MeasureAsync(http, "GET /partner/customers (first page)", "/partner/customers", requests));
        Console.WriteLine(await CommerceBenchmark.MeasureAsync(http, "GET /partner/customers?q=customer 0042 (prefix)", "/partner/customers?q=customer%200042", requests));
        Console.WriteLine(await CommerceBenchmark.MeasureAsync(http, "GET /partner/customers?q=c0042 (domain prefix)", "/partner/customers?q=c0042", requests));
        Console.WriteLine(await CommerceBenchmark.MeasureAsync(http, "GET /partner/customers?status=Expiring&sort=ends", "/partner/customers?status=Expiring&sort=ends", requests));
        Console.WriteLine(await CommerceBenchmark.MeasureAsync(http, "GET /partner/customers?page=150 (a deep page)", "/partner/customers?page=150", requests));
        Console.WriteLine(await CommerceBenchmark.MeasureAsync(http, "GET /partner/customers?role=UsersAdministrator", "/partner/customers?role=UsersAdministrator", requests));
        Console.WriteLine(await CommerceBenchmark.MeasureAsync(http, "GET /partner/customers.csv (every customer)", "/partner/customers.csv", Math.Max(3, requests / 40)));
        await app.StopAsync();
    }
}
