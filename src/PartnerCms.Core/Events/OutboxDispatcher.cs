using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerCms.Core.Data;
using PartnerCms.Core.Jobs;
using PartnerCms.Core.Organizations;

namespace PartnerCms.Core.Events;

public sealed class OutboxOptions
{
    /// <summary>Whether this node delivers events (a node may only serve requests and leave delivery to others).</summary>
    public bool Dispatch { get; set; } = true;

    /// <summary>How often a node looks for events it was not woken for (raised on another node, or due for a retry).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; set; } = 100;

    /// <summary>How many events one handler takes in one transaction (each behind a savepoint, each applied once).</summary>
    public int HandlerBatchSize { get; set; } = 25;

    /// <summary>How many claimed events a node delivers at once on PostgreSQL (they are of different correlation ids); SQLite delivers one at a time.</summary>
    public int Parallelism { get; set; } = 4;

    /// <summary>After this many failed attempts an event is parked with its error.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait before the second attempt; it doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a claimed event is this node's; after that another node may deliver it (this one died).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Delivered events and their processed-handler rows are deleted after this.</summary>
    public TimeSpan KeepDispatchedFor { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>
/// Delivers outbox events to their handlers, at least once: claims a batch of due events (on PostgreSQL with
/// <c>FOR UPDATE SKIP LOCKED</c>, so any number of nodes claim disjoint batches; on SQLite with a conditional update per
/// row), only the oldest pending event of each correlation id, so events of one correlation are handled in order; gives
/// each handler the claimed events it has not run yet in batches of <see cref="OutboxOptions.HandlerBatchSize"/>, one
/// scope and transaction per batch, each event behind a savepoint with its processed row; then marks the event dispatched, or schedules
/// the next attempt with backoff, or parks it with the error after <see cref="OutboxOptions.MaxAttempts"/>.
/// </summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes,
    EventTypes types,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    IOptions<JobOptions> jobOptions,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private readonly TaskCompletionSource _firstPass = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Node => jobOptions.Value.Node;

    /// <summary>Completes when this node made its first pass over due events (or does not dispatch).</summary>
    public Task FirstPass => _firstPass.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Dispatch)
        {
            _firstPass.TrySetResult();
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var delivered = 0;
                try
                {
                    delivered = await DispatchDueAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Looking for events to deliver failed; trying again.");
                }

                _firstPass.TrySetResult();
                if (delivered == 0)
                {
                    await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Claims and delivers one batch of due events; returns how many were claimed. Public for tests and tools.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var (claimed, parallel) = await ClaimAsync(cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }

        // The claimed rows and the handlers that already ran them, in two queries for the whole batch.
        List<OutboxMessage> messages;
        ILookup<Guid, string> processed;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>();
            messages = await db.Set<OutboxMessage>().AsNoTracking().Where(m => claimed.Contains(m.Id)).OrderBy(m => m.Id).ToListAsync(cancellationToken);
            var eventIds = messages.Select(m => m.EventId).ToList();
            processed = (await db.Set<ProcessedEvent>().AsNoTracking().Where(p => eventIds.Contains(p.EventId)).Select(p => new { p.EventId, p.Handler }).ToListAsync(cancellationToken))
                .ToLookup(p => p.EventId, p => p.Handler);
        }

        // Each claimed event is the oldest pending one of its correlation id, so they may be handled side by side and
        // in any order. Each handler takes the events it has not run yet in batches: several events in one transaction.
        var errors = new System.Collections.Concurrent.ConcurrentDictionary<long, string>();
        var batches = new Dictionary<EventHandlerRegistration, List<Claimed>>();
        foreach (var message in messages)
        {
            var eventType = types.Find(message.Type);
            object? domainEvent = null;
            try
            {
                domainEvent = eventType is null ? null : types.Deserialize(message.Type, message.Payload);
            }
            catch (System.Text.Json.JsonException ex)
            {
                errors[message.Id] = Shorten($"The event cannot be read: {ex.Message}");
                continue;
            }

            if (eventType is null)
            {
                errors[message.Id] = $"No handler of '{message.Type}' is registered on this node (is its module on?).";
                continue;
            }

            if (domainEvent is null)
            {
                errors[message.Id] = "The event cannot be read: its payload is empty (JSON null).";
                continue;
            }

            var alreadyRan = processed[message.EventId].ToHashSet(StringComparer.Ordinal);
            foreach (var handler in types.HandlersOf(eventType).Where(h => !alreadyRan.Contains(h.Name)))
            {
                if (!batches.TryGetValue(handler, out var batch))
                {
                    batches[handler] = batch = [];
                }

                batch.Add(new Claimed(message, domainEvent));
            }
        }

        var work = batches.SelectMany(b => b.Value.Chunk(b.Key.Batched ? Math.Max(1, options.Value.HandlerBatchSize) : 1).Select(events => (Handler: b.Key, Events: events))).ToList();
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = parallel ? Math.Max(1, options.Value.Parallelism) : 1, CancellationToken = cancellationToken },
            (batch, token) => new ValueTask(RunBatchAsync(batch.Handler, batch.Events, errors, token)));

        var delivered = messages.Where(m => !errors.ContainsKey(m.Id)).ToList();
        foreach (var message in messages.Where(m => errors.ContainsKey(m.Id)))
        {
            await FailAsync(message, errors[message.Id], cancellationToken);
        }

        if (delivered.Count > 0)
        {
            var ids = delivered.Select(m => m.Id).ToList();
            var now = clock.GetUtcNow().UtcDateTime;
            var node = Node;
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>().Set<OutboxMessage>()
                .Where(m => ids.Contains(m.Id) && m.LeasedBy == node && m.Status == OutboxStatus.Pending)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(m => m.Status, OutboxStatus.Dispatched).SetProperty(m => m.DispatchedUtc, now)
                    .SetProperty(m => m.Attempts, m => m.Attempts + 1).SetProperty(m => m.LastError, (string?)null)
                    .SetProperty(m => m.LeasedBy, (string?)null).SetProperty(m => m.LeasedUntilUtc, (DateTime?)null), cancellationToken);
            foreach (var message in delivered)
            {
                Telemetry.PartnerCmsTelemetry.EventsDispatched.Add(1, new KeyValuePair<string, object?>("event", ShortName(message.Type)));
            }
        }

        return claimed.Count;
    }

    private async Task<(List<long> Ids, bool Parallel)> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + options.Value.Lease;
        var node = Node;
        var batch = options.Value.BatchSize;
        if (db.Database.IsNpgsql())
        {
            // One statement: the oldest due event of each correlation that no live lease holds, skipping rows another
            // node is claiming right now; those rows get this node's lease.
            return (await db.Database.SqlQuery<long>($"""
                UPDATE "OutboxMessages" SET "LeasedBy" = {node}, "LeasedUntilUtc" = {until}
                WHERE "Id" IN (
                    SELECT m."Id" FROM "OutboxMessages" m
                    WHERE m."Status" = 0 AND m."NextAttemptUtc" <= {now} AND (m."LeasedUntilUtc" IS NULL OR m."LeasedUntilUtc" < {now})
                      AND NOT EXISTS (SELECT 1 FROM "OutboxMessages" e WHERE e."CorrelationId" = m."CorrelationId" AND e."Status" = 0 AND e."Id" < m."Id")
                    ORDER BY m."Id" LIMIT {batch}
                    FOR UPDATE SKIP LOCKED)
                RETURNING "Id" AS "Value"
                """).ToListAsync(cancellationToken), true);
        }

        var candidates = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptUtc <= now && (m.LeasedUntilUtc == null || m.LeasedUntilUtc < now))
            .Where(m => !db.Set<OutboxMessage>().Any(e => e.CorrelationId == m.CorrelationId && e.Status == OutboxStatus.Pending && e.Id < m.Id))
            .OrderBy(m => m.Id).Select(m => m.Id).Take(batch).ToListAsync(cancellationToken);
        var mine = new List<long>(candidates.Count);
        foreach (var id in candidates)
        {
            // SQLite writes one at a time: of two dispatchers on one file, one changes the row.
            if (await db.Set<OutboxMessage>()
                    .Where(m => m.Id == id && m.Status == OutboxStatus.Pending && (m.LeasedUntilUtc == null || m.LeasedUntilUtc < now))
                    .ExecuteUpdateAsync(set => set.SetProperty(m => m.LeasedBy, node).SetProperty(m => m.LeasedUntilUtc, until), cancellationToken) == 1)
            {
                mine.Add(id);
            }
        }

        return (mine, false);
    }

    private sealed record Claimed(OutboxMessage Message, object Event);

    /// <summary>
    /// Runs one handler for several events in one scope and transaction: per event its changes and its processed row,
    /// behind a savepoint. A failing event is rolled back to its savepoint, the events before it commit, and it is tried
    /// again at once alone, in a fresh scope (the failed run may have left state in scoped services), so that a
    /// deadlock with another batch or a conflict on a shared row costs no retry delay; only when it fails alone does
    /// it get the error. The events after it go on in a fresh scope. An event another dispatcher ran meanwhile (its
    /// processed row exists) is rolled back the same way, without error.
    /// </summary>
    private async Task RunBatchAsync(EventHandlerRegistration handler, IReadOnlyList<Claimed> events, System.Collections.Concurrent.ConcurrentDictionary<long, string> errors, CancellationToken cancellationToken)
    {
        var next = 0;
        int? alone = null;
        while (next < events.Count)
        {
            var first = next;
            var tried = next;
            var end = alone == next ? next + 1 : events.Count;
            alone = null;
            using var activity = Telemetry.PartnerCmsTelemetry.ActivitySource.StartActivity("events " + handler.HandlerType.Name);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                using var system = scope.ServiceProvider.GetRequiredService<ICurrentOrganization>().RunAsSystem();
                var db = scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>();
                var instance = scope.ServiceProvider.GetRequiredService(handler.HandlerType);
                // EF's own savepoint around each SaveChanges stays on: handlers rely on it to go on after a failed
                // save inside the transaction (e.g. the audit chain when another writer started the chain first).
                var savepoints = end - first > 1;
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var rolledBack = false;
                for (; next < end; next++)
                {
                    var (message, domainEvent) = (events[next].Message, events[next].Event);
                    tried = next + 1;
                    if (savepoints)
                    {
                        await transaction.CreateSavepointAsync("event", cancellationToken);
                    }

                    try
                    {
                        using var delivering = DeliveredEvent.Enter(DateTime.SpecifyKind(message.CreatedUtc, DateTimeKind.Utc), message.Depth);
                        await handler.Invoke(instance, domainEvent, cancellationToken);
                        db.Add(new ProcessedEvent { EventId = message.EventId, Handler = handler.Name, ProcessedUtc = clock.GetUtcNow().UtcDateTime });
                        await db.SaveChangesAsync(cancellationToken);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        if (savepoints)
                        {
                            await transaction.RollbackToSavepointAsync("event", cancellationToken);
                        }
                        else
                        {
                            await transaction.RollbackAsync(cancellationToken);
                            rolledBack = true;
                        }

                        // Another dispatcher ran it meanwhile (this node's lease had run out): its run stands, ours is dropped.
                        var ranElsewhere = ex is DbUpdateException update && update.IsUniqueViolation<ProcessedEvent>(db, nameof(ProcessedEvent.EventId), nameof(ProcessedEvent.Handler));
                        if (savepoints && !ranElsewhere)
                        {
                            alone = next;
                            break;
                        }

                        if (!ranElsewhere)
                        {
                            Failed(handler, message, ex, errors);
                        }

                        next++;
                        break;
                    }
                }

                if (!rolledBack)
                {
                    await transaction.CommitAsync(cancellationToken);
                }

                activity?.SetTag("partnercms.events", next - first);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The transaction itself failed (the connection, the commit): none of its events is done.
                for (var i = first; i < tried; i++)
                {
                    Failed(handler, events[i].Message, ex, errors);
                }

                next = Math.Max(next, Math.Max(tried, first + 1));
                activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            }
        }
    }

    private void Failed(EventHandlerRegistration handler, OutboxMessage message, Exception ex, System.Collections.Concurrent.ConcurrentDictionary<long, string> errors)
    {
        Telemetry.PartnerCmsTelemetry.EventHandlersFailed.Add(1,
            new KeyValuePair<string, object?>("event", handler.EventType.Name), new KeyValuePair<string, object?>("handler", handler.HandlerType.Name));
        logger.LogError(ex, "The {Handler} handler of event {EventId} ({Event}) failed on attempt {Attempt}.", handler.HandlerType.Name, message.EventId, handler.EventType.Name, message.Attempts + 1);
        errors.AddOrUpdate(message.Id, Shorten($"{handler.HandlerType.Name}: {ex.GetType().Name}: {ex.Message}"), (_, earlier) => earlier);
    }

    /// <summary>A failed attempt: the next one after a backoff, or parked with the error after the last.</summary>
    private async Task FailAsync(OutboxMessage message, string error, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var node = Node;
        var mine = db.Set<OutboxMessage>().Where(m => m.Id == message.Id && m.LeasedBy == node && m.Status == OutboxStatus.Pending);
        var attempts = message.Attempts + 1;
        if (attempts >= options.Value.MaxAttempts)
        {
            await mine.ExecuteUpdateAsync(set => set
                .SetProperty(m => m.Status, OutboxStatus.Parked).SetProperty(m => m.Attempts, attempts).SetProperty(m => m.LastError, error)
                .SetProperty(m => m.LeasedBy, (string?)null).SetProperty(m => m.LeasedUntilUtc, (DateTime?)null), cancellationToken);
            Telemetry.PartnerCmsTelemetry.EventsParked.Add(1, new KeyValuePair<string, object?>("event", ShortName(message.Type)));
            logger.LogError("Event {EventId} ({Event}) is parked after {Attempts} attempts: {Error}", message.EventId, message.Type, attempts, error);
            return;
        }

        var delay = Backoff.After(attempts, options.Value.RetryDelay, options.Value.MaxRetryDelay);
        var next = now + delay;
        await mine.ExecuteUpdateAsync(set => set
            .SetProperty(m => m.Attempts, attempts).SetProperty(m => m.LastError, error).SetProperty(m => m.NextAttemptUtc, next)
            .SetProperty(m => m.LeasedBy, (string?)null).SetProperty(m => m.LeasedUntilUtc, (DateTime?)null), cancellationToken);
    }

    private static string ShortName(string type) => type[(type.LastIndexOf('.') + 1)..];

    private static string Shorten(string text) => text.Length <= 2000 ? text : text[..2000];
}

/// <summary>Parked events for the operator: list them and send them again.</summary>
public sealed class OutboxAdministration(PartnerCmsDbContext db, OutboxSignal signal, TimeProvider clock)
{
    public async Task<Dictionary<OutboxStatus, int>> CountsAsync(CancellationToken cancellationToken = default) =>
        await db.Set<OutboxMessage>().GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);

    public Task<List<OutboxMessage>> ParkedAsync(int take, CancellationToken cancellationToken = default) =>
        db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Status == OutboxStatus.Parked).OrderByDescending(m => m.Id).Take(take).ToListAsync(cancellationToken);

    /// <summary>Sends a parked event again (its handlers that already ran it are skipped); false if it is not parked.</summary>
    public async Task<bool> RetryAsync(long id, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await db.Set<OutboxMessage>().Where(m => m.Id == id && m.Status == OutboxStatus.Parked)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.Status, OutboxStatus.Pending).SetProperty(m => m.Attempts, 0).SetProperty(m => m.NextAttemptUtc, now), cancellationToken);
        if (changed == 1)
        {
            signal.Notify();
        }

        return changed == 1;
    }
}

/// <summary>Deletes delivered events and their processed rows after <see cref="OutboxOptions.KeepDispatchedFor"/>.</summary>
public sealed class PruneOutboxJob(IOptions<OutboxOptions> options, TimeProvider clock) : IRecurringJob
{
    public string Name => "events:prune";

    public TimeSpan Interval => TimeSpan.FromHours(1);

    public async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<PartnerCmsDbContext>();
        var before = clock.GetUtcNow().UtcDateTime - options.Value.KeepDispatchedFor;
        await db.Set<OutboxMessage>().Where(m => m.Status == OutboxStatus.Dispatched && m.DispatchedUtc < before).ExecuteDeleteAsync(cancellationToken);
        await db.Set<ProcessedEvent>().Where(p => p.ProcessedUtc < before).ExecuteDeleteAsync(cancellationToken);
    }
}
