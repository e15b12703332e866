using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerCms.Core.Data;
using PartnerCms.Core.Organizations;

namespace PartnerCms.Core.Jobs;

public sealed class JobOptions
{
    /// <summary>How often a node looks for due jobs.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a taken job is this node's; a job still running then may be taken by another node.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A failed job is tried again after this, doubling up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>This node's name in leases and runs.</summary>
    public string Node { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";
}

/// <summary>
/// Runs due jobs on this node: registers the recurring jobs' rows, takes due ones with a conditional update (one node
/// wins), runs each in its own scope as the system, records the run, and schedules the next (or retries with backoff).
/// The same code runs on SQLite and PostgreSQL: the lease row is the lock.
/// </summary>
public sealed class JobRunner(
    IServiceScopeFactory scopes,
    IEnumerable<IRecurringJob> recurring,
    IEnumerable<IDelayedJobHandler> delayed,
    IOptions<JobOptions> options,
    TimeProvider clock,
    ILogger<JobRunner> logger) : BackgroundService
{
    private readonly Dictionary<string, IRecurringJob> _recurring = recurring.ToDictionary(j => j.Name, StringComparer.Ordinal);
    private readonly Dictionary<string, IDelayedJobHandler> _delayed = delayed.ToDictionary(h => h.Kind, StringComparer.Ordinal);

    private readonly TaskCompletionSource _firstPass = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Node => options.Value.Node;

    /// <summary>Completes when this node has registered its recurring jobs and made its first pass over due jobs.</summary>
    public Task FirstPass => _firstPass.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RegisterAsync(stoppingToken);
            using var timer = new PeriodicTimer(options.Value.PollInterval, clock);
            do
            {
                try
                {
                    await RunDueAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Looking for due jobs failed; trying again.");
                }

                _firstPass.TrySetResult();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Every recurring job has its row, first due now (an existing row keeps its schedule).</summary>
    private async Task RegisterAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>();
        var existing = await db.Set<JobLease>().Where(j => _recurring.Keys.Contains(j.Name)).Select(j => j.Name).ToListAsync(cancellationToken);
        foreach (var job in _recurring.Values.Where(j => !existing.Contains(j.Name)))
        {
            db.Add(new JobLease { Name = job.Name, Recurring = true, NextRunUtc = clock.GetUtcNow().UtcDateTime });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException ex) when (ex.IsUniqueViolation<JobLease>(db, nameof(JobLease.Name)))
            {
                // Another node registered it at the same moment.
            }

            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Takes and runs every job due now that no live lease holds. Public for tests and tools.</summary>
    public async Task RunDueAsync(CancellationToken cancellationToken)
    {
        List<string> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var now = clock.GetUtcNow().UtcDateTime;
            due = await scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>().Set<JobLease>().AsNoTracking()
                .Where(j => j.NextRunUtc <= now && (j.LeasedUntilUtc == null || j.LeasedUntilUtc < now))
                .OrderBy(j => j.NextRunUtc).Select(j => j.Name).Take(50).ToListAsync(cancellationToken);
        }

        foreach (var name in due)
        {
            if (await TryTakeAsync(name, cancellationToken))
            {
                await RunAsync(name, cancellationToken);
            }
        }
    }

    internal async Task<bool> TryTakeAsync(string name, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + options.Value.Lease;
        var node = Node;

        // One statement: due and not held. Of several nodes that try at once, one changes the row.
        return await db.Set<JobLease>()
            .Where(j => j.Name == name && j.NextRunUtc <= now && (j.LeasedUntilUtc == null || j.LeasedUntilUtc < now))
            .ExecuteUpdateAsync(set => set.SetProperty(j => j.LeasedBy, node).SetProperty(j => j.LeasedUntilUtc, until), cancellationToken) == 1;
    }

    private async Task RunAsync(string name, CancellationToken cancellationToken)
    {
        var started = clock.GetUtcNow().UtcDateTime;
        using var activity = Telemetry.PartnerCmsTelemetry.ActivitySource.StartActivity("job " + name);
        var watch = Stopwatch.StartNew();
        Exception? failure = null;
        await using (var scope = scopes.CreateAsyncScope())
        {
            using var system = scope.ServiceProvider.GetRequiredService<ICurrentOrganization>().RunAsSystem();
            try
            {
                if (_recurring.TryGetValue(name, out var job))
                {
                    await job.RunAsync(scope.ServiceProvider, cancellationToken);
                }
                else if (name.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon && _delayed.TryGetValue(name[..colon], out var handler))
                {
                    await handler.RunAsync(scope.ServiceProvider, name[(colon + 1)..], cancellationToken);
                }
                else
                {
                    throw new InvalidOperationException($"No job or delayed-job handler is registered for '{name}' on this node (is its module on?).");
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failure = ex;
            }
        }

        watch.Stop();
        Telemetry.PartnerCmsTelemetry.JobsRun.Add(1,
            new KeyValuePair<string, object?>("job", _recurring.ContainsKey(name) ? name : name.Split(':')[0]),
            new KeyValuePair<string, object?>("succeeded", failure is null));
        await RecordAsync(name, started, (int)watch.ElapsedMilliseconds, failure, cancellationToken);
    }

    private async Task RecordAsync(string name, DateTime started, int durationMs, Exception? failure, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>();
        var lease = await db.Set<JobLease>().FirstOrDefaultAsync(j => j.Name == name, cancellationToken);
        var error = failure is null ? null : Shorten(failure.GetType().Name + ": " + failure.Message);
        db.Add(new JobRun { Name = name, Node = Node, StartedUtc = started, DurationMs = durationMs, Succeeded = failure is null, Error = error });
        if (lease is not null)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            lease.LastRunUtc = started;
            lease.LastError = error;
            lease.LeasedBy = null;
            lease.LeasedUntilUtc = null;
            if (failure is null)
            {
                lease.Attempts = 0;
                if (lease.Recurring && _recurring.TryGetValue(name, out var job))
                {
                    lease.NextRunUtc = now + job.Interval;
                }
                else
                {
                    db.Remove(lease);
                }
            }
            else
            {
                lease.Attempts++;
                var delay = Backoff.After(lease.Attempts, options.Value.RetryDelay, options.Value.MaxRetryDelay);
                lease.NextRunUtc = now + delay;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        if (failure is null)
        {
            logger.LogInformation("Job {Job} ran on {Node} in {Duration} ms.", name, Node, durationMs);
        }
        else
        {
            logger.LogError(failure, "Job {Job} failed on {Node} after {Duration} ms; it will be tried again.", name, Node, durationMs);
        }
    }

    private static string Shorten(string text) => text.Length <= 2000 ? text : text[..2000];
}

/// <summary>Writes and moves the lease rows of delayed jobs.</summary>
public sealed class JobScheduler(PartnerCmsDbContext db) : IJobScheduler
{
    public async Task ScheduleAsync(string kind, string key, DateTime runAtUtc, CancellationToken cancellationToken = default)
    {
        var name = $"{kind}:{key}";
        var lease = await db.Set<JobLease>().FirstOrDefaultAsync(j => j.Name == name, cancellationToken);
        if (lease is null)
        {
            db.Add(new JobLease { Name = name, Recurring = false, NextRunUtc = DateTime.SpecifyKind(runAtUtc, DateTimeKind.Utc) });
        }
        else
        {
            lease.NextRunUtc = DateTime.SpecifyKind(runAtUtc, DateTimeKind.Utc);
            lease.Attempts = 0;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task CancelAsync(string kind, string key, CancellationToken cancellationToken = default)
    {
        var name = $"{kind}:{key}";
        await db.Set<JobLease>().Where(j => j.Name == name && j.LeasedBy == null).ExecuteDeleteAsync(cancellationToken);
    }
}
