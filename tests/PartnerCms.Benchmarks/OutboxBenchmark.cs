using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Content;
using PartnerCms.Core.Data;
using PartnerCms.Core.Events;
using PartnerCms.Core.Hosting;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Security;
using PartnerCms.Offers.Models;
using PartnerCms.Offers.Services;
using PartnerCms.Partners.Models;
using PartnerCms.Web;
using PartnerCms.Web.Data;

namespace PartnerCms.Benchmarks;

/// <summary>
/// The event outbox: (1) events dispatched per second by one dispatcher draining a backlog, on SQLite and, with
/// BENCH_POSTGRES set to a server's connection string, on PostgreSQL (also with two dispatchers); (2) the cost of raising
/// an event in the acceptance: accepting offers as a customer's global administrator (a new customer each time) through OfferAcceptanceService with no
/// module handling OfferAccepted (no outbox row: today's cost) and with one (the row written in the acceptance's
/// transaction), alternating rounds in one run.
/// dotnet run -c Release --project tests/PartnerCms.Benchmarks -- events [backlog] [acceptances] [rounds]
/// </summary>
public static class OutboxBenchmark
{
    public sealed record BenchEvent(int Number);

    private sealed class NoOp : IEventHandler<BenchEvent>, IEventHandler<OfferAccepted>
    {
        public Task HandleAsync(BenchEvent domainEvent, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task HandleAsync(OfferAccepted domainEvent, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    public static async Task RunAsync(string[] args)
    {
        var backlog = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20_000;
        var acceptances = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 200;
        var rounds = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 5;
        var postgres = Environment.GetEnvironmentVariable("BENCH_POSTGRES");

        Console.WriteLine($"Dispatch: a backlog of {backlog:N0} events, no-op handler");
        await DispatchAsync("SQLite", null, backlog, dispatchers: 1);
        if (!string.IsNullOrEmpty(postgres))
        {
            await DispatchAsync("PostgreSQL", postgres, backlog, dispatchers: 1);
            await DispatchAsync("PostgreSQL", postgres, backlog, dispatchers: 2);
        }

        Console.WriteLine($"Acceptance: {rounds} rounds of {acceptances} acceptances per variant (SQLite)");
        await using var without = await StartAsync(null, handleAccepted: false, dispatch: true);
        await using var with = await StartAsync(null, handleAccepted: true, dispatch: true);
        await using var withLater = await StartAsync(null, handleAccepted: true, dispatch: false);
        var variants = new (string Name, WebApplication App)[]
        {
            ("no handler (no outbox row)", without),
            ("handler, dispatched meanwhile", with),
            ("handler, not dispatched", withLater),
        };
        var times = variants.ToDictionary(v => v.Name, _ => new List<double>());
        foreach (var (_, app) in variants)
        {
            await AcceptManyAsync(app, 30);
        }

        for (var round = 0; round < rounds; round++)
        {
            foreach (var (name, app) in variants)
            {
                times[name].AddRange(await AcceptManyAsync(app, acceptances));
            }
        }

        foreach (var (name, list) in times)
        {
            list.Sort();
            Console.WriteLine($"  {name,-30} mean {list.Average():N3} ms  median {list[list.Count / 2]:N3} ms  p95 {list[(int)(list.Count * 0.95)]:N3} ms  p99 {list[(int)(list.Count * 0.99)]:N3} ms  max {list[^1]:N1} ms");
        }

        var baseline = times[variants[0].Name];
        foreach (var (name, _) in variants.Skip(1))
        {
            Console.WriteLine($"  {name}: mean ratio {times[name].Average() / baseline.Average():N3}, median ratio {times[name][times[name].Count / 2] / baseline[baseline.Count / 2]:N3}");
        }
    }

    /// <summary>
    /// Audit entries written per second with the hash chain (SQLite): a backlog of AuditRecorded events over a few
    /// customers' chains, appended by the dispatcher (one head update and one insert per entry, in the handler's
    /// transaction), then the time to verify every chain.
    /// dotnet run -c Release --project tests/PartnerCms.Benchmarks -- audit [entries] [chains]
    /// </summary>
    public static async Task AuditAsync(string[] args)
    {
        var count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
        var chains = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10;
        await using var app = await StartAsync(null, handleAccepted: false, dispatch: false);
        for (var raised = 0; raised < count; raised += 500)
        {
            await using var scope = app.Services.CreateAsyncScope();
            using var system = scope.ServiceProvider.GetRequiredService<ICurrentOrganization>().RunAsSystem();
            var outbox = scope.ServiceProvider.GetRequiredService<EventOutbox>();
            for (var i = raised; i < Math.Min(count, raised + 500); i++)
            {
                var customer = "bench-customer-" + (i % chains);
                outbox.Raise(new PartnerCms.Core.Audit.AuditRecorded(Guid.NewGuid(), DateTime.UtcNow, "user-1", "full@contosopartners.example", "contoso-partners",
                    "contoso-partners", customer, "customer.password-reset", "user" + i + "@bench.example", "succeeded", "127.0.0.1"), correlationId: "audit:" + customer);
            }

            await scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>().SaveChangesAsync();
        }

        var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();
        var watch = Stopwatch.StartNew();
        while (await dispatcher.DispatchDueAsync(CancellationToken.None) > 0)
        {
        }

        watch.Stop();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            using var system = scope.ServiceProvider.GetRequiredService<ICurrentOrganization>().RunAsSystem();
            var log = scope.ServiceProvider.GetRequiredService<PartnerCms.Audit.Services.AuditLog>();
            var verifyWatch = Stopwatch.StartNew();
            var verification = await log.VerifyAsync();
            verifyWatch.Stop();
            Console.WriteLine($"Audit (SQLite): {count:N0} entries over {chains} chains appended in {watch.Elapsed.TotalSeconds:N1} s = {count / watch.Elapsed.TotalSeconds:N0} entries/s (through the outbox, hash chain, one transaction each)");
            Console.WriteLine($"Verification of {verification.Entries:N0} entries in {verification.Chains} chains: {verifyWatch.Elapsed.TotalMilliseconds:N0} ms ({verification.Entries / verifyWatch.Elapsed.TotalSeconds:N0} entries/s), intact: {verification.Intact}");
        }
    }

    private static async Task<WebApplication> StartAsync(string? postgres, bool handleAccepted, bool dispatch, string? database = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ApplicationName = "PartnerCms.Web" });
        if (postgres is null)
        {
            var folder = Path.Combine(Path.GetTempPath(), "partnercms-bench-" + Guid.NewGuid().ToString("N")[..8]);
            System.IO.Directory.CreateDirectory(folder);
            builder.Configuration["Database:ConnectionString"] = database ?? $"Data Source={Path.Combine(folder, "bench.db")}";
        }
        else
        {
            builder.Configuration["Database:Provider"] = "Postgres";
            builder.Configuration["Database:ConnectionString"] = database ?? $"{postgres};Database=bench_{Guid.NewGuid().ToString("N")[..10]}";
        }

        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        builder.Configuration["Events:Dispatch"] = dispatch ? "true" : "false";
        builder.Configuration["Events:BatchSize"] = "200";
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddEventHandler<BenchEvent, NoOp>();
        if (handleAccepted)
        {
            builder.Services.AddEventHandler<OfferAccepted, NoOp>();
        }

        builder.AddPartnerCms<SqlitePartnerCmsDbContext, PostgresPartnerCmsDbContext>(InstalledModules.All);
        var app = builder.Build();
        app.UsePartnerCms();
        await app.StartAsync();
        return app;
    }

    private static async Task DispatchAsync(string provider, string? postgres, int backlog, int dispatchers)
    {
        await using var first = await StartAsync(postgres, handleAccepted: false, dispatch: false);
        var connection = first.Configuration["Database:ConnectionString"];
        var others = new List<WebApplication>();
        for (var i = 1; i < dispatchers; i++)
        {
            others.Add(await StartAsync(postgres, handleAccepted: false, dispatch: false, database: connection));
        }

        for (var raised = 0; raised < backlog; raised += 500)
        {
            await using var scope = first.Services.CreateAsyncScope();
            using var system = scope.ServiceProvider.GetRequiredService<ICurrentOrganization>().RunAsSystem();
            var outbox = scope.ServiceProvider.GetRequiredService<EventOutbox>();
            for (var i = raised; i < Math.Min(backlog, raised + 500); i++)
            {
                outbox.Raise(new BenchEvent(i), correlationId: "c" + (i % 1000));
            }

            await scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>().SaveChangesAsync();
        }

        var watch = Stopwatch.StartNew();
        await Task.WhenAll(new[] { first }.Concat(others).Select(app => Task.Run(async () =>
        {
            var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();
            while (await dispatcher.DispatchDueAsync(CancellationToken.None) > 0)
            {
            }
        })));
        watch.Stop();
        await using (var scope = first.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>();
            var left = await db.Set<OutboxMessage>().CountAsync(m => m.Status != OutboxStatus.Dispatched);
            var handled = await db.Set<ProcessedEvent>().CountAsync();
            Console.WriteLine($"  {provider,-10} {dispatchers} dispatcher(s): {backlog / watch.Elapsed.TotalSeconds,8:N0} events/s ({watch.Elapsed.TotalSeconds:N1} s; {handled:N0} handled, {left} left)");
        }

        foreach (var other in others)
        {
            await other.DisposeAsync();
        }
    }

    private static async Task<List<double>> AcceptManyAsync(WebApplication app, int count)
    {
        var (offers, customers) = await PrepareAcceptancesAsync(app, count);
        var times = new List<double>(count);
        foreach (var (offerId, customer) in offers.Zip(customers))
        {
            var started = Stopwatch.GetTimestamp();
            await AcceptAsync(app, offerId, customer);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return times;
    }

    /// <summary>Contoso purchase offers and as many new customers (with a global administrator, no password) to accept them.</summary>
    internal static async Task<(List<string> Offers, List<(string OrganizationId, string UserName)> Customers)> PrepareAcceptancesAsync(WebApplication app, int count)
    {
        var offers = new List<string>(count);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            using var partner = scope.ServiceProvider.GetRequiredService<ICurrentOrganization>().RunAs("contoso-partners");
            var db = scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>();
            var office = await db.Set<OfficeIndex>().Where(o => o.LocationId == "RED-001").Select(o => o.ContentItemId).SingleAsync();
            var service = scope.ServiceProvider.GetRequiredService<OfferService>();
            for (var i = 0; i < count; i++)
            {
                var created = await service.CreateAsync("contoso-partners", new OfferInput
                {
                    Kind = OfferKind.PurchaseOffer,
                    OfficeId = office,
                    UsageLocation = "US",
                    Lines = [new OfferLineInput { SkuCode = "INTUNE-P1", Licences = 5 }],
                }, "sales@contosopartners.example");
                offers.Add(created.Offer!.ContentItemId);
            }
        }

        // A new customer per acceptance (a subscription is bought once per organization), made without a password: only
        // the acceptance is timed.
        var customers = new List<(string OrganizationId, string UserName)>(count);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            using var system = scope.ServiceProvider.GetRequiredService<ICurrentOrganization>().RunAsSystem();
            var db = scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>();
            var userManager = scope.ServiceProvider.GetRequiredService<UserManager<PartnerCmsUser>>();
            for (var i = 0; i < count; i++)
            {
                var id = IdGenerator.New();
                var domain = $"c{id.ToLowerInvariant()}.bench.example";
                db.Organizations.Add(new Organization { Id = id, Name = "Bench customer " + id, Kind = OrganizationKind.Customer, CountryOrRegion = "US", CreatedUtc = DateTime.UtcNow });
                db.OrganizationDomains.Add(new OrganizationDomain { OrganizationId = id, Name = domain, NormalizedName = domain, IsPrimary = true });
                await db.SaveChangesAsync();
                var user = new PartnerCmsUser { UserName = "admin@" + domain, Email = "admin@" + domain, EmailConfirmed = true, OrganizationId = id, DisplayName = "Admin", CreatedUtc = DateTime.UtcNow };
                await userManager.CreateAsync(user);
                await userManager.AddToRoleAsync(user, OrganizationRoles.CustomerGlobalAdministrator);
                customers.Add((id, user.UserName));
            }
        }

        return (offers, customers);
    }

    /// <summary>The customer's global administrator accepts the offer (as the offer page does); returns its Quote ID.</summary>
    internal static async Task<string> AcceptAsync(WebApplication app, string offerId, (string OrganizationId, string UserName) customer)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        ContentItem item;
        using (services.GetRequiredService<ICurrentOrganization>().RunAsSystem())
        {
            item = (await services.GetRequiredService<ContentManager>().GetAsync(offerId))!;
        }

        using var asCustomer = services.GetRequiredService<ICurrentOrganization>().RunAs(customer.OrganizationId);
        var user = (await services.GetRequiredService<UserManager<PartnerCmsUser>>().FindByNameAsync(customer.UserName))!;
        var result = await services.GetRequiredService<OfferAcceptanceService>().AcceptAsync(
            item, new Accepter(user, null), new Dictionary<string, int?> { ["INTUNE-P1"] = 5 }, acceptSubscriptions: true, acceptDelegatedAdministration: false);
        return result.Outcome == AcceptanceOutcome.Accepted
            ? item.Get<OfferPart>().QuoteId
            : throw new InvalidOperationException("Not accepted: " + string.Join("; ", result.Errors.Values));
    }
}
