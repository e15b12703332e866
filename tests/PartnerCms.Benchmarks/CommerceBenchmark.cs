using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace PartnerCms.Benchmarks;

/// <summary>
/// The commerce dashboard at scale: a partner with 100,000 offers, 1,000,000 daily view rows and 20,000
/// acceptances on SQLite behind the real portal; the page (first, a deep page, a filter) and the CSV through HTTP as the
/// signed-in sales user. dotnet run -c Release --project tests/PartnerCms.Benchmarks -- commerce [offers] [views] [requests]
/// </summary>
public static class CommerceBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var offers = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        var views = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
        var requests = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 200;

        var folder = Path.Combine(Path.GetTempPath(), "partnercms-bench-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(folder);
        var database = Path.Combine(folder, "bench.db");
        // Two-step sign-in off (the demo's second step would stop the benchmark's password sign-in at its form).
        var settings = new Dictionary<string, string?> { ["Accounts:Mfa:Required"] = "false", ["Accounts:Mfa:DemoKeys"] = "false" };
        if (Environment.GetEnvironmentVariable("BENCH_SQL") == "1")
        {
            settings["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Information";
        }

        var (app, address) = await BenchPortal.StartAsync(database, settings);

        Console.WriteLine($"Seeding {offers:N0} offers, {views:N0} daily view rows ...");
        var seed = Stopwatch.StartNew();
        Seed(database, offers, views);
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
        if (signIn.StatusCode != HttpStatusCode.Redirect || signIn.Headers.Location?.OriginalString.Contains("signin", StringComparison.OrdinalIgnoreCase) == true)
        {
            throw new InvalidOperationException($"Could not sign in the sales user: {(int)signIn.StatusCode} → {signIn.Headers.Location}.");
        }

        // The demo recipe's own offers of Contoso count too.
        long demoOffers;
        using (var connection = new SqliteConnection($"Data Source={database}"))
        {
            connection.Open();
            using var count = connection.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM OfferIndex WHERE OrganizationId = 'contoso-partners' AND ContentItemId NOT LIKE 'BENCH%'";
            demoOffers = (long)count.ExecuteScalar()!;
        }

        var first = await http.GetStringAsync("/partner/commerce");
        var expected = $"data-total=\"offers\">{offers + demoOffers:N0}<";
        if (!first.Contains(expected, StringComparison.Ordinal))
        {
            var shown = Regex.Match(first, "data-total=\"offers\">([^<]*)<").Groups[1].Value;
            throw new InvalidOperationException($"The dashboard does not count {offers + demoOffers:N0} offers (it shows '{shown}'): the benchmark would not measure the right work.");
        }

        Console.WriteLine();
        Console.WriteLine("| request | requests | p50 (ms) | p99 (ms) | max (ms) |");
        Console.WriteLine("|---|---|---|---|---|");
        Console.WriteLine(await MeasureAsync(http, "GET /partner/commerce (first page, 30 days)", "/partner/commerce", requests));
        Console.WriteLine(await MeasureAsync(http, "GET /partner/commerce?page=1500 (a deep page)", "/partner/commerce?page=1500", requests));
        Console.WriteLine(await MeasureAsync(http, "GET /partner/commerce?CreatedBy=… (filtered by user)", "/partner/commerce?CreatedBy=admin%40contosopartners.example", requests));
        Console.WriteLine(await MeasureAsync(http, "GET /partner/commerce/export.csv (every offer)", "/partner/commerce/export.csv", Math.Max(3, requests / 40)));

        await app.StopAsync();
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(folder, recursive: true);
    }

    internal static async Task<string> MeasureAsync(HttpClient http, string name, string url, int count)
    {
        for (var i = 0; i < Math.Max(2, count / 10); i++)
        {
            (await http.GetAsync(url)).Dispose();
        }

        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync(url);
            await response.Content.ReadAsByteArrayAsync();
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"{url}: {(int)response.StatusCode}");
            }
        }

        Array.Sort(times);
        double P(double p) => times[Math.Min(times.Length - 1, (int)Math.Ceiling(p * times.Length) - 1)];
        return $"| {name} | {count:N0} | {P(0.50):N1} | {P(0.99):N1} | {times[^1]:N1} |";
    }

    private static void Seed(string database, int offers, int views)
    {
        using var connection = new SqliteConnection($"Data Source={database}");
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;";
            pragma.ExecuteNonQuery();
        }

        string office;
        using (var find = connection.CreateCommand())
        {
            find.CommandText = "SELECT ContentItemId FROM OfficeIndex WHERE OrganizationId = 'contoso-partners' LIMIT 1";
            office = (string)find.ExecuteScalar()!;
        }

        using var transaction = connection.BeginTransaction();
        var offer = connection.CreateCommand();
        offer.Transaction = transaction;
        offer.CommandText = """
            INSERT INTO OfferIndex (ContentItemId, OrganizationId, Published, QuoteId, Kind, Status, OfficeId, CreatedBy, ExpiresUtc, CreatedUtc)
            VALUES ($id, 'contoso-partners', 1, $quote, $kind, 'Active', $office, $by, NULL, $created)
            """;
        var offerId = offer.Parameters.Add("$id", SqliteType.Text);
        var quote = offer.Parameters.Add("$quote", SqliteType.Text);
        var kind = offer.Parameters.Add("$kind", SqliteType.Text);
        offer.Parameters.AddWithValue("$office", office);
        var by = offer.Parameters.Add("$by", SqliteType.Text);
        var created = offer.Parameters.Add("$created", SqliteType.Text);
        var view = connection.CreateCommand();
        view.Transaction = transaction;
        view.CommandText = "INSERT INTO OfferDailyViews (OrganizationId, OfferId, Day, Views) VALUES ('contoso-partners', $offer, $day, $views)";
        var viewOffer = view.Parameters.Add("$offer", SqliteType.Text);
        var viewDay = view.Parameters.Add("$day", SqliteType.Text);
        var viewCount = view.Parameters.Add("$views", SqliteType.Integer);
        var acceptance = connection.CreateCommand();
        acceptance.Transaction = transaction;
        acceptance.CommandText = """
            INSERT INTO OfferAcceptances (OrganizationId, OfferId, QuoteId, CustomerOrganizationId, CustomerName, AcceptedBy, SignedUp, DelegatedAdministrationAccepted, Licences, AcceptedUtc)
            VALUES ('contoso-partners', $offer, $quote, $customer, 'Bench customer', 'admin@bench.example', 1, 0, 25, $accepted)
            """;
        var acceptanceOffer = acceptance.Parameters.Add("$offer", SqliteType.Text);
        var acceptanceQuote = acceptance.Parameters.Add("$quote", SqliteType.Text);
        var customer = acceptance.Parameters.Add("$customer", SqliteType.Text);
        var accepted = acceptance.Parameters.Add("$accepted", SqliteType.Text);

        var now = DateTime.UtcNow;
        var today = DateOnly.FromDateTime(now);
        var viewsPerOffer = Math.Max(1, views / offers);
        var random = new Random(42);
        for (var i = 0; i < offers; i++)
        {
            var id = $"BENCH{i:D12}".PadRight(26, '0');
            offerId.Value = id;
            quote.Value = $"Q-B{i:D6}";
            kind.Value = i % 3 == 0 ? "TrialInvitation" : "PurchaseOffer";
            by.Value = i % 4 == 0 ? "admin@contosopartners.example" : "sales@contosopartners.example";
            created.Value = now.AddMinutes(-i * 5).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
            offer.ExecuteNonQuery();

            // Views on distinct days spread over the last year (a unique row per offer and day).
            viewOffer.Value = id;
            var start = random.Next(0, 365 - viewsPerOffer);
            for (var d = 0; d < viewsPerOffer; d++)
            {
                viewDay.Value = today.AddDays(-(start + d)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                viewCount.Value = 1 + random.Next(20);
                view.ExecuteNonQuery();
            }

            if (i % 5 == 0)
            {
                acceptanceOffer.Value = id;
                acceptanceQuote.Value = quote.Value;
                customer.Value = "bench-customer-" + i;
                accepted.Value = now.AddDays(-random.Next(0, 365)).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
                acceptance.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }
}
