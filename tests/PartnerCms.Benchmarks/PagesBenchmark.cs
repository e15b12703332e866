using System.Globalization;
using System.Net;

namespace PartnerCms.Benchmarks;

/// <summary>
/// Signed-in pages under wrk against a bare Kestrel "hello" in the same run (issue 26): the customer lookup (full@), the
/// customer's users page by its own administrator and on behalf of it (full@, Administer on behalf of), the Partner
/// Overview and the commerce dashboard (sales@). Each target at 32 connections (2 threads) for requests/s and at one
/// connection for p50/p99; rounds alternate targets so machine noise hits them alike. The portal runs in this process
/// (Release, Production, SQLite, every module, demo data, two-step sign-in off so that passwords sign in).
/// dotnet run -c Release --project tests/PartnerCms.Benchmarks -- pages [seconds] [rounds]   (BENCH_ONLY=users: one page and the baseline; BENCH_REDIS=host:port: stamps in Redis)
/// </summary>
public static class PagesBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        // At most 25 s: the cookie taken before a target's runs must stay within the minute of the security-stamp check.
        var seconds = Math.Min(25, args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10);
        var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2;

        var (bare, bareAddress) = await BenchPortal.BareKestrelAsync();
        await using var _bare = bare;

        var folder = Path.Combine(Path.GetTempPath(), "partnercms-pages-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(folder);
        var settings = new Dictionary<string, string?>
        {
            ["Accounts:SignInAttemptsPerMinute"] = "1000",
            ["Accounts:Mfa:Required"] = "false",
            ["Accounts:Mfa:DemoKeys"] = "false",
            // The lookup's per-user limit (30 a minute by default) would answer 429 to a benchmark.
            ["Customers:LookupsPerMinute"] = "100000000",
        };
        // BENCH_REDIS=host:port runs the portal as one node of several: the on-behalf check's version stamp is read
        // from Redis on every request (as on three nodes) instead of from the process.
        if (Environment.GetEnvironmentVariable("BENCH_REDIS") is { Length: > 0 } redis)
        {
            settings["Redis:Configuration"] = redis;
            settings["Redis:InstanceName"] = "bench" + Guid.NewGuid().ToString("N")[..6] + ":";
            Console.WriteLine($"Redis at {redis}: version stamps and caches shared as on several nodes.");
        }

        var (portal, address) = await BenchPortal.StartAsync(Path.Combine(folder, "pages.db"), settings);
        await using var _ = portal;
        var uri = new Uri(address);

        var targets = new (string Name, string Url, (string User, string Password, bool OnBehalf)? Session, string? Expect)[]
        {
            ("Bare Kestrel, GET /raw", bareAddress + "/raw", null, null),
            ("Customer lookup, GET /partner/lookup?q=fabrikam.example (full@)", address + "/partner/lookup?q=fabrikam.example", ("full@contosopartners.example", "Contoso-Full-2026", false), "data-testid=\"customer\""),
            ("Customer's users page, own administrator (admin@fabrikam)", address + "/portal/users", ("admin@fabrikam.example", "Fabrikam-Admin-2026", false), "dana@fabrikam.example"),
            ("The same page on behalf (full@, Administer on behalf of)", address + "/portal/users", ("full@contosopartners.example", "Contoso-Full-2026", true), "dana@fabrikam.example"),
            ("Partner Overview, GET /partner (sales@)", address + "/partner", ("sales@contosopartners.example", "Contoso-Sales-2026", false), "Lookup user or domain"),
            ("Commerce dashboard, GET /partner/commerce (sales@)", address + "/partner/commerce", ("sales@contosopartners.example", "Contoso-Sales-2026", false), "data-testid=\"totals\""),
        };

        // BENCH_ONLY=text keeps the bare baseline and the targets whose name contains the text (for a trace of one page).
        if (Environment.GetEnvironmentVariable("BENCH_ONLY") is { Length: > 0 } only)
        {
            targets = [.. targets.Where(t => t.Session is null || t.Name.Contains(only, StringComparison.OrdinalIgnoreCase))];
        }

        // A fresh session per target and round: wrk sends one fixed cookie and ignores Set-Cookie, and Identity checks the
        // security stamp (and renews the cookie, as a browser keeps it) once a minute — a cookie older than that would make
        // every request rebuild the principal. A target's runs take under a minute from its sign-in.
        async Task<string> CookieAsync(string name, string url, (string User, string Password, bool OnBehalf) session, string expect)
        {
            var jar = new CookieContainer();
            using var client = await OnBehalfBenchmark.SignInAsync(uri, session.User, session.Password, jar);
            if (session.OnBehalf)
            {
                var token = await OnBehalfBenchmark.TokenAsync(client, "/partner/lookup?q=fabrikam.example");
                using var started = await client.PostAsync("/partner/customers/fabrikam/administer", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
                if (started.StatusCode != HttpStatusCode.Redirect)
                {
                    throw new InvalidOperationException("The on-behalf session did not start: " + (int)started.StatusCode);
                }
            }

            using var response = await client.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            // The whole page as a browser gets it: the admin layout (its <main>) around the page's own content.
            if (response.StatusCode != HttpStatusCode.OK || !body.Contains(expect, StringComparison.Ordinal) || !body.Contains("<main id=\"main\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{name} answered {(int)response.StatusCode} without the expected content: the benchmark would measure an error page.");
            }

            return "Cookie: " + jar.GetCookieHeader(new Uri(url));
        }

        const string browser = "Accept-Encoding: gzip, deflate, br, zstd";
        Console.WriteLine($"process {Environment.ProcessId}; wrk: 32 connections / 2 threads for requests/s, 1 connection for p50/p99; {seconds} s each after a 3 s warm-up; {rounds} rounds; {Environment.ProcessorCount} cores; {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
        var results = new List<(int Round, string Name, double Rps, string P50, string P99, long Errors)>();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (name, url, session, expect) in targets)
            {
                List<string> headers = [browser];
                if (session is { } signedIn)
                {
                    headers.Add(await CookieAsync(name, url, signedIn, expect!));
                }

                await LandingBenchmark.WrkAsync(url, 3, 32, headers);
                var loaded = await LandingBenchmark.WrkAsync(url, seconds, 32, headers);
                var single = await LandingBenchmark.WrkAsync(url, seconds, 1, headers);
                results.Add((round, name, LandingBenchmark.Rps(loaded), LandingBenchmark.Percentile(single, "50%"), LandingBenchmark.Percentile(single, "99%"),
                    LandingBenchmark.Errors(loaded) + LandingBenchmark.Errors(single)));
            }
        }

        Console.WriteLine();
        Console.WriteLine("| round | target | requests/s (32 conn.) | ÷ bare | p50 / p99 (1 conn.) | non-2xx/errors |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var round in results.GroupBy(r => r.Round))
        {
            var bareRps = round.First().Rps;
            foreach (var r in round)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Round} | {r.Name} | {r.Rps:N0} | {r.Rps / bareRps:0.000}× | {r.P50} / {r.P99} | {r.Errors} |"));
            }
        }

        var own = results.Where(r => r.Name.StartsWith("Customer's users", StringComparison.Ordinal)).Average(r => r.Rps);
        var behalf = results.Where(r => r.Name.StartsWith("The same page on behalf", StringComparison.Ordinal)).Average(r => r.Rps);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"On behalf ÷ own (mean over rounds): {behalf / own:0.00}×"));
        Console.WriteLine($"Process working set after the runs: {Environment.WorkingSet / 1024 / 1024:N0} MB (portal and wrk driver in one process).");
        await portal.StopAsync();
        await bare.StopAsync();
    }
}
