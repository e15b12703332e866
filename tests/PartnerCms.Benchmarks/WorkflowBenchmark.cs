using System.Buffers;
using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using PartnerCms.Core.Data;
using PartnerCms.Core.Hosting;
using PartnerCms.Core.Organizations;
using PartnerCms.Web;
using PartnerCms.Web.Data;
using PartnerCms.Workflows.Abstractions;
using PartnerCms.Workflows.Models;
using PartnerCms.Workflows.Services;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace PartnerCms.Benchmarks;

/// <summary>
/// Workflows: (1) executions per second of a five-activity workflow (event → if/else → set variable → send
/// e-mail to the outbox → log), each persisted in its own transaction (instance, journal, mail row) as the outbox
/// handler runs it, against raw single-row insert transactions per second on the same database, alternating rounds in
/// one run; SQLite, and PostgreSQL with BENCH_POSTGRES set to a server's connection string. The same workflow run by the
/// real outbox dispatchers (two on PostgreSQL) draining OfferCreated events, handlers taking them in batches. (2) The delay from an
/// accepted offer to the demo workflow's welcome e-mail handed to an SMTP server (p50, p99), with the real dispatchers.
/// dotnet run -c Release --project tests/PartnerCms.Benchmarks -- workflows [executions] [rounds] [acceptances] [ms between acceptances]
/// </summary>
public static class WorkflowBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var executions = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2_000;
        var rounds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3;
        var acceptances = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 100;
        var gapMs = args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 20;
        await ExecutionsAsync("SQLite", null, executions, rounds);
        if (Environment.GetEnvironmentVariable("BENCH_POSTGRES") is { Length: > 0 } postgres)
        {
            await ExecutionsAsync("PostgreSQL", postgres, executions, rounds);
        }

        if (acceptances > 0)
        {
            await DelayAsync(acceptances, gapMs);
        }
    }

    private static async Task<WebApplication> StartAsync(string? postgres, Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ApplicationName = "PartnerCms.Web" });
        if (postgres is null)
        {
            var folder = Path.Combine(Path.GetTempPath(), "partnercms-bench-" + Guid.NewGuid().ToString("N")[..8]);
            System.IO.Directory.CreateDirectory(folder);
            builder.Configuration["Database:ConnectionString"] = $"Data Source={Path.Combine(folder, "bench.db")}";
            builder.Configuration["Mail:PickupFolder"] = Path.Combine(folder, "mail");
        }
        else
        {
            builder.Configuration["Database:Provider"] = "Postgres";
            builder.Configuration["Database:ConnectionString"] = $"{postgres};Database=bench_{Guid.NewGuid().ToString("N")[..10]}";
        }

        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }

        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddPartnerCms<SqlitePartnerCmsDbContext, PostgresPartnerCmsDbContext>(InstalledModules.All);
        var app = builder.Build();
        app.UsePartnerCms();
        await app.StartAsync();
        return app;
    }

    private static async Task ExecutionsAsync(string provider, string? postgres, int executions, int rounds)
    {
        // Nothing runs in the background: the benchmark drives the engine as the outbox handler would.
        await using var app = await StartAsync(postgres, new() { ["Events:Dispatch"] = "false", ["Mail:Dispatch"] = "false" });
        await using (var scope = app.Services.CreateAsyncScope())
        {
            using var system = scope.ServiceProvider.GetRequiredService<ICurrentOrganization>().RunAsSystem();
            var db = scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>();
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE bench_rows (id BIGINT PRIMARY KEY, payload VARCHAR(200) NOT NULL)");
            // The operator's mail limits at their highest, so every execution sends its mail (the path measured), not a stop at the hourly limit.
            await scope.ServiceProvider.GetRequiredService<PartnerCms.Mail.Services.WorkflowMail>().SaveLimitsAsync(
                new PartnerCms.Mail.Services.WorkflowMailLimits { MessagesPerHour = 100_000, MessagesPerDay = 1_000_000 }, "benchmark");
            await db.Set<WorkflowType>().IgnoreQueryFilters().ExecuteUpdateAsync(s => s.SetProperty(t => t.Enabled, false));
            var (_, errors) = await scope.ServiceProvider.GetRequiredService<WorkflowDefinitionStore>().SaveAsync("contoso-partners", null, "Bench", new WorkflowDefinition
            {
                Activities =
                [
                    new ActivityNode { Id = "created", Type = "OfferCreated", Start = true },
                    new ActivityNode { Id = "purchase", Type = "IfElse", Settings = new JsonObject { ["condition"] = "event.kind == \"PurchaseOffer\"" } },
                    new ActivityNode { Id = "remember", Type = "SetVariable", Settings = new JsonObject { ["name"] = "label", ["value"] = "Offer {{ event.quoteId }}" } },
                    new ActivityNode { Id = "mail", Type = "SendEmail", Settings = new JsonObject { ["to"] = "{{ event.createdBy }}", ["subject"] = "{{ variables.label }} created", ["body"] = "Created by {{ event.createdBy }}." } },
                    new ActivityNode { Id = "log", Type = "Log", Settings = new JsonObject { ["message"] = "{{ variables.label }}" } },
                ],
                Transitions =
                [
                    new Transition { From = "created", Outcome = "Done", To = "purchase" },
                    new Transition { From = "purchase", Outcome = "True", To = "remember" },
                    new Transition { From = "remember", Outcome = "Done", To = "mail" },
                    new Transition { From = "mail", Outcome = "Done", To = "log" },
                ],
            }, enabled: true, "bench");
            if (errors.Count > 0)
            {
                throw new InvalidOperationException(string.Join(" ", errors));
            }
        }

        // The second dispatcher of the outbox variant: a node on the same database (PostgreSQL only; SQLite has one writer).
        await using var second = postgres is null ? null : await StartAsync(postgres, new()
        {
            ["Events:Dispatch"] = "false",
            ["Mail:Dispatch"] = "false",
            ["Database:ConnectionString"] = app.Configuration["Database:ConnectionString"],
        });
        WebApplication[] dispatchers = second is null ? [app] : [app, second];
        await ExecuteAsync(app, 0, 1_000);
        await InsertAsync(app, 0, 1_000);
        await ThroughOutboxAsync(app, dispatchers, 1_000_000, 1_000);
        var workflow = new List<double>();
        var inserts = new List<double>();
        var outbox = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var offset = 1_000 + round * executions;
            inserts.Add(await InsertAsync(app, offset, executions));
            workflow.Add(await ExecuteAsync(app, offset, executions));
            outbox.Add(await ThroughOutboxAsync(app, dispatchers, 2_000_000 + offset, executions));
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            using var system = scope.ServiceProvider.GetRequiredService<ICurrentOrganization>().RunAsSystem();
            var db = scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>();
            var finished = await db.Set<WorkflowInstance>().IgnoreQueryFilters().CountAsync(i => i.Status == WorkflowStatus.Finished);
            var journal = await db.Set<WorkflowInstance>().IgnoreQueryFilters().SumAsync(i => i.Steps);
            var mails = await db.Set<PartnerCms.Mail.Models.OutgoingMail>().IgnoreQueryFilters().CountAsync();
            Console.WriteLine($"{provider}: {executions:N0} executions × {rounds} rounds (+1,000 warm-up); {finished:N0} finished instances, {journal:N0} journal entries, {mails:N0} mails queued");
        }

        Console.WriteLine($"  single-row insert transactions  {string.Join("  ", inserts.Select(r => r.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))} /s (mean {inserts.Average():N0})");
        Console.WriteLine($"  workflow executions             {string.Join("  ", workflow.Select(r => r.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))} /s (mean {workflow.Average():N0})");
        Console.WriteLine($"  ratio executions / inserts: {workflow.Average() / inserts.Average():N3}");
        Console.WriteLine($"  through the outbox, {dispatchers.Length} dispatcher(s), handler batches of {app.Configuration["Events:HandlerBatchSize"] ?? "25"}: {string.Join("  ", outbox.Select(r => r.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))} /s (mean {outbox.Average():N0}), ratio to inserts {outbox.Average() / inserts.Average():N3}");
    }

    /// <summary>
    /// As in production: <paramref name="count"/> OfferCreated events committed to the outbox (not timed), then the
    /// time for the real dispatchers to drain them — each handler takes its events in batches, each workflow run behind a
    /// savepoint with its processed row.
    /// </summary>
    private static async Task<double> ThroughOutboxAsync(WebApplication app, WebApplication[] dispatchers, int offset, int count)
    {
        for (var raised = offset; raised < offset + count; raised += 500)
        {
            await using var scope = app.Services.CreateAsyncScope();
            using var system = scope.ServiceProvider.GetRequiredService<ICurrentOrganization>().RunAsSystem();
            var events = scope.ServiceProvider.GetRequiredService<PartnerCms.Core.Events.EventOutbox>();
            for (var i = raised; i < Math.Min(offset + count, raised + 500); i++)
            {
                events.Raise(new PartnerCms.Offers.Models.OfferCreated("bench-" + i, $"Q-{i:D7}", "contoso-partners", PartnerCms.Offers.Models.OfferKind.PurchaseOffer, "sales@contosopartners.example"),
                    correlationId: "offer:bench-" + i);
            }

            await scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>().SaveChangesAsync();
        }

        var before = await FinishedAsync(app);
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(dispatchers.Select(node => Task.Run(async () =>
        {
            var dispatcher = node.Services.GetRequiredService<PartnerCms.Core.Events.OutboxDispatcher>();
            while (await dispatcher.DispatchDueAsync(CancellationToken.None) > 0)
            {
            }
        })));
        watch.Stop();
        if (await FinishedAsync(app) - before != count)
        {
            throw new InvalidOperationException($"{count} events were raised, {await FinishedAsync(app) - before} workflows finished.");
        }

        return count / watch.Elapsed.TotalSeconds;
    }

    private static async Task<int> FinishedAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        using var system = scope.ServiceProvider.GetRequiredService<ICurrentOrganization>().RunAsSystem();
        return await scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>().Set<WorkflowInstance>().IgnoreQueryFilters().CountAsync(i => i.Status == WorkflowStatus.Finished);
    }

    private static async Task<double> ExecuteAsync(WebApplication app, int offset, int count)
    {
        var watch = Stopwatch.StartNew();
        for (var i = offset; i < offset + count; i++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            using var system = scope.ServiceProvider.GetRequiredService<ICurrentOrganization>().RunAsSystem();
            var db = scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var input = new Dictionary<string, object?> { ["offerId"] = "bench-" + i, ["quoteId"] = $"Q-{i:D6}", ["kind"] = "PurchaseOffer", ["createdBy"] = "sales@contosopartners.example" };
            var empty = Environment.GetEnvironmentVariable("BENCH_EMPTY") == "1";
            if (await scope.ServiceProvider.GetRequiredService<WorkflowRunner>().TriggerAsync(empty ? "Nothing" : "OfferCreated", "contoso-partners", "offer:bench-" + i, input) != (empty ? 0 : 1))
            {
                throw new InvalidOperationException("The workflow did not run.");
            }

            await transaction.CommitAsync();
        }

        return count / watch.Elapsed.TotalSeconds;
    }

    private static async Task<double> InsertAsync(WebApplication app, int offset, int count)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var connection = scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>().Database.GetDbConnection();
        await connection.OpenAsync();
        var watch = Stopwatch.StartNew();
        for (var i = offset; i < offset + count; i++)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO bench_rows (id, payload) VALUES (@id, @payload)";
            Add(command, "@id", (long)i);
            Add(command, "@payload", "row " + i);
            await command.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }

        return count / watch.Elapsed.TotalSeconds;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>Accepted offer → OfferAccepted in the outbox → dispatcher → demo workflow → mail outbox → mail dispatcher → SMTP.</summary>
    private static async Task DelayAsync(int acceptances, int gapMs)
    {
        var received = new ConcurrentDictionary<string, long>();
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(received));
        using var stop = new CancellationTokenSource();
        var smtp = new SmtpServer.SmtpServer(new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build(), services);
        var running = smtp.StartAsync(stop.Token);
        await using var app = await StartAsync(null, new()
        {
            ["Mail:Smtp:Host"] = "127.0.0.1",
            ["Mail:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mail:Smtp:Security"] = "None",
        });
        var (offers, customers) = await OutboxBenchmark.PrepareAcceptancesAsync(app, acceptances);
        var accepted = new Dictionary<string, long>();
        foreach (var (offerId, customer) in offers.Zip(customers))
        {
            var started = Stopwatch.GetTimestamp();
            accepted[await OutboxBenchmark.AcceptAsync(app, offerId, customer)] = started;
            await Task.Delay(gapMs);
        }

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (accepted.Keys.Any(q => !received.ContainsKey(q)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var delays = accepted.Where(a => received.ContainsKey(a.Key)).Select(a => Stopwatch.GetElapsedTime(a.Value, received[a.Key]).TotalMilliseconds).Order().ToList();
        Console.WriteLine($"Accepted offer → welcome e-mail at the SMTP server (SQLite, real dispatchers, {acceptances} acceptances {gapMs} ms apart, {delays.Count} received):");
        Console.WriteLine($"  p50 {delays[delays.Count / 2]:N0} ms  p99 {delays[Math.Min(delays.Count - 1, (int)(delays.Count * 0.99))]:N0} ms  max {delays[^1]:N0} ms");
        await stop.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed class Store(ConcurrentDictionary<string, long> received) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var at = Stopwatch.GetTimestamp();
            await using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            if (message.Subject?.StartsWith("Welcome to Contoso Partners: offer ", StringComparison.Ordinal) == true)
            {
                received.TryAdd(message.Subject["Welcome to Contoso Partners: offer ".Length..], at);
            }

            return SmtpResponse.Ok;
        }
    }
}
