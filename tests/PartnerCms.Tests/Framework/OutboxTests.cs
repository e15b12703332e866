using System.Collections.Concurrent;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Data;
using PartnerCms.Core.Events;
using PartnerCms.Core.Jobs;
using PartnerCms.Tests.Infrastructure;

namespace PartnerCms.Tests.Framework;

/// <summary>
/// The transactional outbox: an event exists if and only if the change that raised it committed; it is delivered in the
/// background, at least once, to handlers that run it at most once (their changes and their processed row commit
/// together); failures are retried with backoff and parked for the operator after the last attempt; several dispatchers
/// on one database deliver each event once, in order per correlation id.
/// </summary>
[Trait("Area", "Framework")]
public sealed class OutboxTests
{
    public sealed record TestEvent(string Correlation, int Sequence, string Note);

    /// <summary>What handlers saw, shared by every site of a test.</summary>
    public sealed class Recorder
    {
        public ConcurrentQueue<(string Node, TestEvent Event)> Seen { get; } = new();

        public ConcurrentDictionary<string, int> Attempts { get; } = new();

        public volatile bool Broken;

        /// <summary>Per event note, the database transaction each attempt of the batching handler ran in.</summary>
        public ConcurrentQueue<(string Note, Guid Transaction)> Transactions { get; } = new();
    }

    private sealed class RecordingHandler(Recorder recorder, JobRunner node) : IEventHandler<TestEvent>
    {
        public Task HandleAsync(TestEvent domainEvent, CancellationToken cancellationToken)
        {
            if (recorder.Broken)
            {
                throw new InvalidOperationException("The mail server refused the connection.");
            }

            recorder.Seen.Enqueue((node.Node, domainEvent));
            return Task.CompletedTask;
        }
    }

    /// <summary>Writes a row (its side effect), then fails on its first two attempts: the failed attempts' rows roll back.</summary>
    private sealed class FlakyHandler(Recorder recorder, PartnerCmsDbContext db) : IEventHandler<TestEvent>
    {
        public async Task HandleAsync(TestEvent domainEvent, CancellationToken cancellationToken)
        {
            var attempt = recorder.Attempts.AddOrUpdate(domainEvent.Note, 1, (_, n) => n + 1);
            db.Add(new JobRun { Name = "side-effect:" + domainEvent.Note, Node = "test", StartedUtc = DateTime.UtcNow, Succeeded = true });
            await db.SaveChangesAsync(cancellationToken);
            if (attempt <= 2)
            {
                throw new TimeoutException($"Attempt {attempt} timed out.");
            }
        }
    }

    /// <summary>Writes a row per event and notes its transaction; the event noted "poison" fails on its first two attempts, after its row was written.</summary>
    private sealed class BatchingHandler(Recorder recorder, PartnerCmsDbContext db) : IEventHandler<TestEvent>
    {
        public async Task HandleAsync(TestEvent domainEvent, CancellationToken cancellationToken)
        {
            var attempt = recorder.Attempts.AddOrUpdate(domainEvent.Note, 1, (_, n) => n + 1);
            recorder.Transactions.Enqueue((domainEvent.Note, db.Database.CurrentTransaction!.TransactionId));
            db.Add(new JobRun { Name = "side-effect:" + domainEvent.Note, Node = "test", StartedUtc = DateTime.UtcNow, Succeeded = true });
            await db.SaveChangesAsync(cancellationToken);
            if (domainEvent.Note == "poison" && attempt <= 2)
            {
                throw new InvalidOperationException("The poison event fails twice.");
            }
        }
    }

    private static PartnerCmsSite Site(TestDatabase database, Recorder recorder, bool flaky = false, Dictionary<string, string?>? settings = null, bool batching = false) =>
        new(database, settings: new Dictionary<string, string?>(settings ?? [])
        {
            ["Events:RetryDelay"] = "00:00:00.010",
            ["Events:MaxRetryDelay"] = "00:00:00.050",
        }, services: services =>
        {
            services.AddSingleton(recorder);
            if (batching)
            {
                services.AddEventHandler<TestEvent, BatchingHandler>();
            }
            else if (flaky)
            {
                services.AddEventHandler<TestEvent, FlakyHandler>();
            }
            else
            {
                services.AddEventHandler<TestEvent, RecordingHandler>();
            }
        });

    private static Task RaiseAsync(PartnerCmsSite site, params TestEvent[] events) => site.AsSystemAsync(async sp =>
    {
        var outbox = sp.GetRequiredService<EventOutbox>();
        foreach (var domainEvent in events)
        {
            outbox.Raise(domainEvent, correlationId: domainEvent.Correlation);
        }

        return await sp.GetRequiredService<PartnerCmsDbContext>().SaveChangesAsync();
    });

    private static Task<List<OutboxMessage>> MessagesAsync(PartnerCmsSite site) =>
        site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.Type == typeof(TestEvent).FullName).OrderBy(m => m.Id).ToListAsync());

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task An_event_raised_in_a_transaction_that_rolls_back_is_never_delivered(TestDatabase database)
    {
        var recorder = new Recorder();
        await using var site = Site(database, recorder);
        await site.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<PartnerCmsDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            sp.GetRequiredService<EventOutbox>().Raise(new TestEvent("rolled-back", 1, "never"));
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
            return 0;
        });
        await RaiseAsync(site, new TestEvent("committed", 1, "once"));

        await site.DeliverEventsAsync();

        Assert.Equal(["once"], recorder.Seen.Select(s => s.Event.Note));
        var message = Assert.Single(await MessagesAsync(site));
        Assert.Equal((OutboxStatus.Dispatched, 1), (message.Status, message.Attempts));
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task A_handler_failing_twice_then_succeeding_leaves_its_side_effect_once_even_when_delivered_again(TestDatabase database)
    {
        var recorder = new Recorder();
        await using var site = Site(database, recorder, flaky: true);
        await RaiseAsync(site, new TestEvent("c", 1, "flaky"));

        await site.DeliverEventsAsync();
        var message = Assert.Single(await MessagesAsync(site));
        // Delivered again (as after a lost lease): the processed row makes the handler skip it.
        await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<OutboxMessage>()
            .Where(m => m.Type == typeof(TestEvent).FullName).ExecuteUpdateAsync(set => set.SetProperty(m => m.Status, OutboxStatus.Pending)));
        await site.DeliverEventsAsync();

        Assert.Equal((OutboxStatus.Dispatched, 3), (message.Status, message.Attempts));
        Assert.Equal(3, recorder.Attempts["flaky"]);
        var sideEffects = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<JobRun>().CountAsync(r => r.Name == "side-effect:flaky"));
        Assert.Equal(1, sideEffects);
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task A_handler_takes_several_events_in_one_transaction_and_one_failing_among_them_is_tried_alone_then_retried(TestDatabase database)
    {
        var recorder = new Recorder();
        // Only this test's calls deliver (the background dispatcher on the same site would take part of the events).
        await using var site = Site(database, recorder, batching: true, settings: new() { ["Events:Dispatch"] = "false" });
        var notes = Enumerable.Range(1, 12).Select(i => i == 6 ? "poison" : "event-" + i).ToList();
        await RaiseAsync(site, notes.Select((note, i) => new TestEvent("batch-" + i, 1, note)).ToArray());

        await site.DeliverEventsAsync();

        var firstAttempts = recorder.Transactions.Where(t => t.Note != "poison" || recorder.Transactions.First(p => p.Note == "poison") == t).ToList();
        Assert.Equal(12, firstAttempts.Count);
        // Twelve events, one poisoned: the events before it share its transaction, the ones after it share a fresh one.
        Assert.InRange(firstAttempts.Select(t => t.Transaction).Distinct().Count(), 1, 2);
        // The poisoned event: in the batch, at once alone (it failed again, so it got the error), then on its retry.
        var poisoned = recorder.Transactions.Where(t => t.Note == "poison").Select(t => t.Transaction).ToList();
        Assert.Equal(3, poisoned.Count);
        Assert.DoesNotContain(poisoned[1], recorder.Transactions.Where(t => t.Note != "poison").Select(t => t.Transaction));
        Assert.Equal(3, recorder.Attempts["poison"]);
        Assert.All(notes.Where(n => n != "poison"), note => Assert.Equal(1, recorder.Attempts[note]));
        var messages = await MessagesAsync(site);
        Assert.All(messages, m => Assert.Equal(OutboxStatus.Dispatched, m.Status));
        Assert.Equal(2, messages.Single(m => m.Payload.Contains("poison", StringComparison.Ordinal)).Attempts);
        Assert.All(messages.Where(m => !m.Payload.Contains("poison", StringComparison.Ordinal)), m => Assert.Equal(1, m.Attempts));
        // Each event's side effect is applied once: the poisoned attempt's row rolled back to its savepoint, its neighbours' rows stayed.
        var sideEffects = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<JobRun>()
            .Where(r => r.Name.StartsWith("side-effect:")).GroupBy(r => r.Name).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        Assert.Equal(notes.Select(n => "side-effect:" + n).Order(StringComparer.Ordinal), sideEffects.Select(s => s.Key).Order(StringComparer.Ordinal));
        Assert.All(sideEffects, s => Assert.Equal(1, s.Count));
    }

    [Fact]
    public async Task An_event_whose_payload_cannot_be_read_is_reported_as_unreadable_and_the_events_beside_it_are_delivered()
    {
        var recorder = new Recorder();
        await using var site = Site(TestDatabase.Sqlite, recorder);
        await site.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<PartnerCmsDbContext>();
            foreach (var (correlation, payload) in new[] { ("null", "null"), ("broken", "{\"Correlation\":") })
            {
                db.Add(new OutboxMessage
                {
                    EventId = Guid.NewGuid(),
                    Type = typeof(TestEvent).FullName!,
                    Payload = payload,
                    CorrelationId = correlation,
                    CreatedUtc = DateTime.UtcNow,
                    NextAttemptUtc = DateTime.UtcNow,
                });
            }

            return await db.SaveChangesAsync();
        });
        await RaiseAsync(site, new TestEvent("fine", 1, "fine"));
        await site.DeliverEventsAsync();

        var messages = await MessagesAsync(site);
        Assert.Equal(["fine"], recorder.Seen.Select(s => s.Event.Note));
        Assert.Equal(OutboxStatus.Dispatched, messages.Single(m => m.CorrelationId == "fine").Status);
        Assert.All(messages.Where(m => m.CorrelationId != "fine"), m =>
        {
            Assert.NotEqual(OutboxStatus.Dispatched, m.Status);
            Assert.StartsWith("The event cannot be read", m.LastError);
        });
    }

    [Fact]
    public async Task An_event_that_keeps_failing_is_parked_and_the_operator_sends_it_again_from_the_events_page()
    {
        var recorder = new Recorder { Broken = true };
        await using var site = Site(TestDatabase.Sqlite, recorder, settings: new() { ["Events:MaxAttempts"] = "3" });
        await RaiseAsync(site, new TestEvent("c", 1, "parked"));
        await site.DeliverEventsAsync();
        var parked = Assert.Single(await MessagesAsync(site));

        using var partnerAdmin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var refusedPage = await partnerAdmin.GetAsync("/admin/events");
        var refusedRetry = await partnerAdmin.PostFormAsync($"/admin/events/{parked.Id}/retry", new Dictionary<string, string>(), tokenPage: "/admin");
        using var operatorClient = await site.SignInAsync(DemoUsers.Operator);
        var (status, page) = await operatorClient.GetPageAsync("/admin/events");
        recorder.Broken = false;
        var retried = await operatorClient.PostFormAsync($"/admin/events/{parked.Id}/retry", new Dictionary<string, string>(), tokenPage: "/admin/events");
        await site.DeliverEventsAsync();

        Assert.Equal((OutboxStatus.Parked, 3), (parked.Status, parked.Attempts));
        Assert.Contains("The mail server refused the connection.", parked.LastError);
        Assert.Equal(HttpStatusCode.Forbidden, refusedPage.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refusedRetry.StatusCode);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(parked.EventId.ToString(), page);
        Assert.Contains("The mail server refused the connection.", WebUtility.HtmlDecode(page));
        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        Assert.Equal(["parked"], recorder.Seen.Select(s => s.Event.Note));
        Assert.Equal(OutboxStatus.Dispatched, Assert.Single(await MessagesAsync(site)).Status);
    }

    [Fact]
    public async Task Two_dispatchers_on_one_PostgreSQL_database_deliver_each_event_once_and_in_order_per_correlation()
    {
        var recorder = new Recorder();
        var connectionString = PartnerCmsSite.ConnectionStringFor(TestDatabase.Postgres);
        var shared = new Dictionary<string, string?> { ["Database:ConnectionString"] = connectionString, ["Events:BatchSize"] = "7" };
        await using var first = Site(TestDatabase.Postgres, recorder, settings: shared);
        await using var second = Site(TestDatabase.Postgres, recorder, settings: shared);
        _ = first.Services;
        _ = second.Services;

        const int correlations = 12, perCorrelation = 25;
        for (var sequence = 1; sequence <= perCorrelation; sequence++)
        {
            await RaiseAsync(first, Enumerable.Range(0, correlations).Select(c => new TestEvent("order-" + c, sequence, $"{c}/{sequence}")).ToArray());
        }

        await Task.WhenAll(first.DeliverEventsAsync(), second.DeliverEventsAsync(), first.DeliverEventsAsync(), second.DeliverEventsAsync());

        var seen = recorder.Seen.ToList();
        Assert.Equal(correlations * perCorrelation, seen.Count);
        Assert.Equal(correlations * perCorrelation, seen.Select(s => s.Event.Note).Distinct().Count());
        foreach (var correlation in seen.GroupBy(s => s.Event.Correlation))
        {
            Assert.Equal(Enumerable.Range(1, perCorrelation), correlation.Select(s => s.Event.Sequence));
        }

        Assert.All(await MessagesAsync(first), m => Assert.Equal(OutboxStatus.Dispatched, m.Status));
        Assert.Equal(2, seen.Select(s => s.Node).Distinct().Count());
    }
}

/// <summary>The real process, killed after a commit and before delivery, delivers the event once after a restart.</summary>
[Trait("Area", "Framework")]
public sealed class OutboxProcessTests
{
    [Fact]
    public async Task An_event_committed_by_a_process_killed_before_delivery_is_delivered_once_after_a_restart()
    {
        var connectionString = PartnerCmsSite.ConnectionStringFor(TestDatabase.Sqlite);
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = connectionString,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Events:Dispatch"] = "false",
            ["Accounts:Mfa:Required"] = "false",
            ["Accounts:Mfa:DemoKeys"] = "false",
        };
        long messageId;
        using (var portal = await PortalProcess.StartAsync(settings))
        {
            using var admin = portal.Client();
            var signedIn = await admin.PostFormAsync("/account/signin", new() { ["UserName"] = DemoUsers.ContosoAdmin.UserName, ["Password"] = DemoUsers.ContosoAdmin.Password }, tokenPage: "/account/signin");
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            var version = await ScalarAsync<long>(connectionString, "SELECT Version FROM CompanyInformation WHERE OrganizationId = 'contoso-partners'");
            var saved = await admin.PostFormAsync("/partner/company/edit", Integration.CompanyInformationTests.ValidForm("+1 425 555 0142", version.ToString(System.Globalization.CultureInfo.InvariantCulture)), "/partner/company/edit");
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            messageId = await ScalarAsync<long>(connectionString, "SELECT Id FROM OutboxMessages WHERE Type LIKE '%CompanyInformationChanged' AND Status = 0 ORDER BY Id DESC LIMIT 1");

            // Killed after the commit, before any delivery: no graceful shutdown.
            portal.Kill();
        }

        Assert.Equal(0, await ScalarAsync<long>(connectionString, $"SELECT COUNT(*) FROM ProcessedEvents p JOIN OutboxMessages m ON m.EventId = p.EventId WHERE m.Id = {messageId}"));
        settings["Events:Dispatch"] = "true";
        using (var restarted = await PortalProcess.StartAsync(settings))
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (await ScalarAsync<long>(connectionString, $"SELECT Status FROM OutboxMessages WHERE Id = {messageId}") != (long)OutboxStatus.Dispatched)
            {
                Assert.True(DateTime.UtcNow < deadline, "The event was not delivered after the restart: " + restarted.Output);
                await Task.Delay(100);
            }
        }

        Assert.Equal(1, await ScalarAsync<long>(connectionString, $"SELECT Attempts FROM OutboxMessages WHERE Id = {messageId}"));
        Assert.Equal(1, await ScalarAsync<long>(connectionString, $"SELECT COUNT(*) FROM ProcessedEvents p JOIN OutboxMessages m ON m.EventId = p.EventId WHERE m.Id = {messageId}"));
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
