using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Tests.Infrastructure;
using static PartnerCms.Tests.Infrastructure.OfferSteps;

namespace PartnerCms.Tests.Framework;

/// <summary>
/// The database commands a page costs, counted from outside: each request carries its own trace id (a W3C traceparent
/// header), and every EF Core command executed under that trace is recorded. A page's second visit (caches warm) may
/// not cost more commands than its budget below — the budgets are today's counts, each justified in
/// docs/benchmarks.md ("Queries per page"): a test that fails when a page's query count grows.
/// </summary>
[Trait("Area", "Performance")]
public sealed class QueryBudgetTests : IAsyncLifetime
{
    private readonly PartnerCmsSite _site = new(TestDatabase.Sqlite);

    public async Task InitializeAsync() => await _site.DeliverEventsAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task A_SQLite_connection_is_prepared_once_with_a_busy_timeout_and_WAL_friendly_durability()
    {
        // Each pooled native connection gets SQLite's own busy timeout and synchronous = NORMAL (WAL) once; an open of a
        // pooled connection then runs no extra statement before a query.
        var (synchronous, timeout, journal) = await _site.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<PartnerCms.Core.Data.PartnerCmsDbContext>();
            await db.Database.OpenConnectionAsync();
            try
            {
                var connection = db.Database.GetDbConnection();
                async Task<string> ReadAsync(string pragma)
                {
                    await using var command = connection.CreateCommand();
                    command.CommandText = pragma;
                    return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                }

                return (await ReadAsync("PRAGMA synchronous;"), await ReadAsync("PRAGMA busy_timeout;"), await ReadAsync("PRAGMA journal_mode;"));
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        });
        Assert.Equal("1", synchronous); // NORMAL
        Assert.Equal("30000", timeout);
        Assert.Equal("wal", journal);
    }

    /// <summary>Commands by trace id, for every site in this process (other tests' traces are simply never asked for).</summary>
    private static readonly ConcurrentDictionary<ActivityTraceId, ConcurrentQueue<string>> Commands = new();

    private static readonly object Subscribed = Subscribe();

    private static object Subscribe()
    {
        // Requests get an Activity (and so the caller's trace id) only when someone listens.
        ActivitySource.AddActivityListener(new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
        });
        return DiagnosticListener.AllListeners.Subscribe(new ListenerObserver());
    }

    private sealed class ListenerObserver : IObserver<DiagnosticListener>
    {
        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name)
            {
                listener.Subscribe(new CommandObserver(), name => name == RelationalEventId.CommandExecuting.Name);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }

    private sealed class CommandObserver : IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (Activity.Current is { } activity && value.Value is CommandEventData data)
            {
                Commands.GetOrAdd(activity.TraceId, _ => new ConcurrentQueue<string>()).Enqueue(data.Command.CommandText);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }

    /// <summary>GETs a page (twice: the second visit is counted) and returns the commands it ran.</summary>
    private static async Task<List<string>> CommandsOfAsync(PortalClient client, string path)
    {
        GC.KeepAlive(Subscribed);
        await client.GetAsync(path);
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await client.Http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
        await response.Content.ReadAsByteArrayAsync();
        return Commands.TryRemove(traceId, out var commands) ? [.. commands] : [];
    }

    [Fact]
    public async Task No_page_costs_more_database_commands_than_its_budget()
    {
        using var sales = await _site.SignInAsync(DemoUsers.ContosoSales);
        var quote = await CreateOfferAsync(sales, "purchase", "US", await OfficeAsync(_site, "contoso-partners", "RED-001"), [("INTUNE-P1", 3)]);
        var link = await LinkPathAsync(sales, quote);
        using var full = await _site.SignInAsync(DemoUsers.ContosoFull);
        using var fabrikam = await _site.SignInAsync(DemoUsers.FabrikamAdmin);
        using var onBehalf = await _site.SignInAsync(DemoUsers.ContosoFull);
        Assert.Equal(HttpStatusCode.Redirect, (await onBehalf.PostFormAsync("/partner/customers/fabrikam/administer", [], "/partner")).StatusCode);
        using var visitor = _site.Anonymous();

        var pages = new (string Name, PortalClient Client, string Path, int Budget)[]
        {
            ("landing page (cached)", visitor, link, 0),
            ("customer lookup", full, "/partner/lookup?q=fabrikam.example", 5),
            ("Partner Overview", sales, "/partner", 0),
            ("commerce dashboard", sales, "/partner/commerce", 11),
            ("customer's users page, own administrator", fabrikam, "/portal/users", 4),
            ("customer's users page, on behalf", onBehalf, "/portal/users", 3),
        };
        var over = new List<string>();
        var counts = new List<string>();
        var total = 0;
        foreach (var (name, client, path, budget) in pages)
        {
            var commands = await CommandsOfAsync(client, path);
            counts.Add($"{name}: {commands.Count}");
            total += commands.Count;
            if (commands.Count > budget)
            {
                over.Add($"{name} ({path}) ran {commands.Count} commands, budget {budget}:\n  " + string.Join("\n  ", commands.Select(c => c.ReplaceLineEndings(" "))));
            }
        }

        Assert.True(over.Count == 0, string.Join("\n\n", over) + "\n\nAll: " + string.Join(", ", counts));

        // The counting itself works: the signed-in pages do reach the database (a silent counter would pass every budget).
        Assert.True(total > 0, "No command was counted: the counter sees nothing.");
    }
}
