using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Hosting;
using PartnerCms.Customers.Services;
using PartnerCms.Web;
using PartnerCms.Web.Data;

// Customer lookup at scale: seeds N users and M domains into a fresh SQLite database behind the real portal, then
// measures lookups through CustomerLookupService and through HTTP (GET /partner/lookup as a signed-in sales user).
// dotnet run -c Release --project tests/PartnerCms.Benchmarks -- [users] [domains] [serviceLookups] [httpLookups]
// Template rendering (BenchmarkDotNet): dotnet run -c Release --project tests/PartnerCms.Benchmarks -- templates
// Offer landing page under wrk: dotnet run -c Release --project tests/PartnerCms.Benchmarks -- landing [seconds] [connections] [rounds]
// On-behalf checks (users page on behalf vs own admin): dotnet run -c Release --project tests/PartnerCms.Benchmarks -- onbehalf [requests] [rounds] [concurrency]
// Audit trail (entries/s with the hash chain): dotnet run -c Release --project tests/PartnerCms.Benchmarks -- audit [entries] [chains]
// Event outbox (dispatch rate, acceptance cost): dotnet run -c Release --project tests/PartnerCms.Benchmarks -- events [backlog] [acceptances] [rounds]
// My customers at scale: dotnet run -c Release --project tests/PartnerCms.Benchmarks -- mycustomers [customers] [requests]
// Commerce dashboard at scale: dotnet run -c Release --project tests/PartnerCms.Benchmarks -- commerce [offers] [views] [requests]
// Public API (offers by API vs service, GET /api/v1/offers at scale, webhook deliveries/s): dotnet run -c Release --project tests/PartnerCms.Benchmarks -- api [offers] [creations] [deliveries] [requests]
// Signed-in pages vs bare Kestrel (lookup, users page own and on behalf, overview, dashboard): dotnet run -c Release --project tests/PartnerCms.Benchmarks -- pages [seconds] [rounds]
// Workflows (executions/s vs single-row inserts; accepted offer → e-mail delay): dotnet run -c Release --project tests/PartnerCms.Benchmarks -- workflows [executions] [rounds] [acceptances]
if (args.Length > 0 && args[0] == "pages")
{
    await PartnerCms.Benchmarks.PagesBenchmark.RunAsync(args);
    return;
}

if (args.Length > 0 && args[0] == "api")
{
    await PartnerCms.Benchmarks.ApiBenchmark.RunAsync(args);
    return;
}

if (args.Length > 0 && args[0] == "workflows")
{
    await PartnerCms.Benchmarks.WorkflowBenchmark.RunAsync(args);
    return;
}

if (args.Length > 0 && args[0] == "onbehalf")
{
    await PartnerCms.Benchmarks.OnBehalfBenchmark.RunAsync(args);
    return;
}

if (args.Length > 0 && args[0] == "audit")
{
    await PartnerCms.Benchmarks.OutboxBenchmark.AuditAsync(args);
    return;
}

if (args.Length > 0 && args[0] == "events")
{
    await PartnerCms.Benchmarks.OutboxBenchmark.RunAsync(args);
    return;
}

if (args.Length > 0 && args[0] == "mycustomers")
{
    await PartnerCms.Benchmarks.MyCustomersBenchmark.RunAsync(args);
    return;
}

if (args.Length > 0 && args[0] == "commerce")
{
    await PartnerCms.Benchmarks.CommerceBenchmark.RunAsync(args);
    return;
}

if (args.Length > 0 && args[0] == "landing")
{
    await PartnerCms.Benchmarks.LandingBenchmark.RunAsync(args);
    return;
}

if (args.Length > 0 && args[0] == "templates")
{
    PartnerCms.Benchmarks.TemplateRenderBenchmarks.Run();
    return;
}

var users = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
var domains = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 250_000;
var serviceLookups = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20_000;
var httpLookups = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 5_000;
var usersPerOrganization = users / (domains / 2);

var folder = Path.Combine(Path.GetTempPath(), "partnercms-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(folder);
var database = Path.Combine(folder, "bench.db");
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, EnvironmentName = "Production", ApplicationName = "PartnerCms.Web" });
builder.Configuration["Database:ConnectionString"] = $"Data Source={database}";
builder.Configuration["Logging:LogLevel:Default"] = "Warning";
builder.Configuration["Customers:LookupsPerMinute"] = "100000000";
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.AddPartnerCms<SqlitePartnerCmsDbContext, PostgresPartnerCmsDbContext>(InstalledModules.All);
var app = builder.Build();
app.UsePartnerCms();
await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

Console.WriteLine($"Seeding {users:N0} users and {domains:N0} domains in {domains / 2:N0} customer organizations ...");
var seed = Stopwatch.StartNew();
Seed(database, domains / 2, usersPerOrganization);
Console.WriteLine($"Seeded in {seed.Elapsed.TotalSeconds:N0} s.");

var random = new Random(42);
string Query(int i) => (i % 2 == 0)
    ? $"user{random.Next(usersPerOrganization)}@org{random.Next(domains / 2)}.bench.example"
    : $"org{random.Next(domains / 2)}.bench.example";

// Through the service, one scope (one DbContext) per lookup, as in a request.
for (var i = 0; i < 2_000; i++)
{
    await LookupAsync(Query(i));
}

var serviceTimes = new double[serviceLookups];
for (var i = 0; i < serviceLookups; i++)
{
    var started = Stopwatch.GetTimestamp();
    var found = await LookupAsync(Query(i));
    serviceTimes[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    if (!found)
    {
        throw new InvalidOperationException("A seeded customer was not found: the benchmark is not measuring lookups.");
    }
}

// Through HTTP, signed in as the demo sales user.
using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };
var signInPage = await http.GetStringAsync("/account/signin");
var token = Regex.Match(signInPage, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
var signIn = await http.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
{
    ["UserName"] = "sales@contosopartners.example",
    ["Password"] = "Contoso-Sales-2026",
    ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
}));
if (signIn.StatusCode != HttpStatusCode.Redirect)
{
    throw new InvalidOperationException("Could not sign in the sales user.");
}

for (var i = 0; i < 500; i++)
{
    (await http.GetAsync("/partner/lookup?q=" + Uri.EscapeDataString(Query(i)))).Dispose();
}

var httpTimes = new double[httpLookups];
for (var i = 0; i < httpLookups; i++)
{
    var started = Stopwatch.GetTimestamp();
    using var response = await http.GetAsync("/partner/lookup?q=" + Uri.EscapeDataString(Query(i)));
    var body = await response.Content.ReadAsStringAsync();
    httpTimes[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    if (response.StatusCode != HttpStatusCode.OK || !body.Contains("data-testid=\"customer\"", StringComparison.Ordinal))
    {
        throw new InvalidOperationException($"HTTP lookup failed: {(int)response.StatusCode}");
    }
}

Console.WriteLine();
Console.WriteLine($"| path | lookups | p50 (ms) | p99 (ms) | max (ms) |");
Console.WriteLine($"|---|---|---|---|---|");
Console.WriteLine(Row("CustomerLookupService (SQLite)", serviceTimes));
Console.WriteLine(Row("GET /partner/lookup (HTTP, HTML page)", httpTimes));
await app.StopAsync();
SqliteConnection.ClearAllPools();
Directory.Delete(folder, recursive: true);
return;

async Task<bool> LookupAsync(string q)
{
    await using var scope = app.Services.CreateAsyncScope();
    var lookup = scope.ServiceProvider.GetRequiredService<CustomerLookupService>();
    var result = await lookup.LookupAsync("contoso-partners", q);
    return result.Outcome == LookupOutcome.Found;
}

static string Row(string name, double[] times)
{
    Array.Sort(times);
    double P(double p) => times[Math.Min(times.Length - 1, (int)Math.Ceiling(p * times.Length) - 1)];
    return $"| {name} | {times.Length:N0} | {P(0.50):N3} | {P(0.99):N3} | {times[^1]:N3} |";
}

static void Seed(string database, int organizations, int usersPerOrganization)
{
    using var connection = new SqliteConnection($"Data Source={database}");
    connection.Open();
    using (var pragma = connection.CreateCommand())
    {
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;";
        pragma.ExecuteNonQuery();
    }

    using var transaction = connection.BeginTransaction();
    var org = connection.CreateCommand();
    org.Transaction = transaction;
    org.CommandText = "INSERT INTO Organizations (Id, Name, Kind, CountryOrRegion, CreatedUtc) VALUES ($id, $name, 'Customer', 'US', '2026-01-01 00:00:00')";
    var orgId = org.Parameters.Add("$id", SqliteType.Text);
    var orgName = org.Parameters.Add("$name", SqliteType.Text);
    var domain = connection.CreateCommand();
    domain.Transaction = transaction;
    domain.CommandText = "INSERT INTO OrganizationDomains (OrganizationId, Name, NormalizedName, IsPrimary) VALUES ($org, $name, $name, $primary)";
    var domainOrg = domain.Parameters.Add("$org", SqliteType.Text);
    var domainName = domain.Parameters.Add("$name", SqliteType.Text);
    var domainPrimary = domain.Parameters.Add("$primary", SqliteType.Integer);
    var user = connection.CreateCommand();
    user.Transaction = transaction;
    user.CommandText = """
        INSERT INTO AspNetUsers (Id, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, SecurityStamp, ConcurrencyStamp,
            PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount, OrganizationId, DisplayName, MustChangePassword, CreatedUtc, DelegatedAccess)
        VALUES ($id, $name, $upper, $name, $upper, 1, $id, $id, 0, 0, 1, 0, $org, $name, 0, '2026-01-01 00:00:00', 'None')
        """;
    var userId = user.Parameters.Add("$id", SqliteType.Text);
    var userName = user.Parameters.Add("$name", SqliteType.Text);
    var userUpper = user.Parameters.Add("$upper", SqliteType.Text);
    var userOrg = user.Parameters.Add("$org", SqliteType.Text);
    for (var o = 0; o < organizations; o++)
    {
        var id = $"bench-{o}";
        orgId.Value = id;
        orgName.Value = $"Bench Customer {o}";
        org.ExecuteNonQuery();
        domainOrg.Value = id;
        domainName.Value = $"org{o}.bench.example";
        domainPrimary.Value = 1;
        domain.ExecuteNonQuery();
        domainName.Value = $"org{o}-alt.bench.example";
        domainPrimary.Value = 0;
        domain.ExecuteNonQuery();
        userOrg.Value = id;
        for (var u = 0; u < usersPerOrganization; u++)
        {
            var name = $"user{u}@org{o}.bench.example";
            userId.Value = $"bench-{o}-{u}";
            userName.Value = name;
            userUpper.Value = name.ToUpperInvariant();
            user.ExecuteNonQuery();
        }
    }

    transaction.Commit();
}
