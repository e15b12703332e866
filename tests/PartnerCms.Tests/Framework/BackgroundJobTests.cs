using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Data;
using PartnerCms.Core.Hosting;
using PartnerCms.Core.Jobs;
using PartnerCms.Tests.Infrastructure;

namespace PartnerCms.Tests.Framework;

/// <summary>
/// Background jobs run once across nodes (the lease row is the lock), each run is recorded, and a failing job is tried
/// again with backoff until it succeeds — on PostgreSQL with two hosts on one database, and on SQLite.
/// </summary>
[Trait("Area", "Framework")]
public sealed class BackgroundJobTests
{
    private sealed class Recorder
    {
        public ConcurrentQueue<string> Runs { get; } = new();

        public int FailuresLeft;
    }

    private sealed class HourlyJob(Recorder recorder) : IRecurringJob
    {
        public string Name => "test-hourly";

        public TimeSpan Interval => TimeSpan.FromHours(1);

        public Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
        {
            recorder.Runs.Enqueue(Name);
            return Task.Delay(200, cancellationToken);
        }
    }

    private sealed class FlakyHandler(Recorder recorder) : IDelayedJobHandler
    {
        public string Kind => "test-flaky";

        public Task RunAsync(IServiceProvider services, string key, CancellationToken cancellationToken)
        {
            if (Interlocked.Decrement(ref recorder.FailuresLeft) >= 0)
            {
                throw new InvalidOperationException("Not yet.");
            }

            recorder.Runs.Enqueue(Kind + ":" + key);
            return Task.CompletedTask;
        }
    }

    private static PartnerCmsSite Host(TestDatabase database, string connectionString, Recorder recorder, Action<IServiceCollection>? more = null, Dictionary<string, string?>? settings = null) => new(database,
        new Dictionary<string, string?>(new Dictionary<string, string?> { ["Database:ConnectionString"] = connectionString, ["Jobs:PollInterval"] = "00:00:00.200", ["Jobs:RetryDelay"] = "00:00:00.100" }
            .Concat(settings ?? []).GroupBy(p => p.Key).Select(g => g.Last())),
        services =>
        {
            services.AddSingleton(recorder);
            services.AddRecurringJob<HourlyJob>();
            services.AddDelayedJobHandler<FlakyHandler>();
            more?.Invoke(services);
        });

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 150 && !condition(); i++)
        {
            await Task.Delay(100);
        }
    }

    private static async Task WaitUntilAsync(PartnerCmsSite site, Func<PartnerCmsDbContext, Task<bool>> condition)
    {
        for (var i = 0; i < 150 && !await site.AsSystemAsync(sp => condition(sp.GetRequiredService<PartnerCmsDbContext>())); i++)
        {
            await Task.Delay(100);
        }
    }

    private sealed class SlowHandler(Recorder recorder) : IDelayedJobHandler
    {
        public string Kind => "test-slow";

        public async Task RunAsync(IServiceProvider services, string key, CancellationToken cancellationToken)
        {
            recorder.Runs.Enqueue(Kind + ":" + key);
            await Task.Delay(600, cancellationToken);
        }
    }

    [Theory]
    [InlineData(TestDatabase.Postgres)]
    [InlineData(TestDatabase.Sqlite)]
    public async Task A_due_job_runs_once_with_two_hosts_polling_and_each_run_is_recorded(TestDatabase database)
    {
        var connectionString = PartnerCmsSite.ConnectionStringFor(database);
        var recorder = new Recorder();
        var hourly = new Dictionary<string, string?> { ["Jobs:PollInterval"] = "01:00:00" };
        await using var first = Host(database, connectionString, recorder, services => services.AddDelayedJobHandler<SlowHandler>(), hourly);
        _ = first.Services;
        await using var second = Host(database, connectionString, recorder, services => services.AddDelayedJobHandler<SlowHandler>(), hourly);
        await first.Services.GetRequiredService<JobRunner>().FirstPass.WaitAsync(TimeSpan.FromSeconds(30));
        await second.Services.GetRequiredService<JobRunner>().FirstPass.WaitAsync(TimeSpan.FromSeconds(30));

        // Both hosts look for due jobs at the same moment (their own polling is an hour apart here): both see the job
        // due, both try to take it, one wins.
        await first.AsSystemAsync(async sp =>
        {
            await sp.GetRequiredService<IJobScheduler>().ScheduleAsync("test-slow", "once", DateTime.UtcNow.AddSeconds(-1));
            return true;
        });
        var runners = new[] { first, second }.Select(h => h.Services.GetRequiredService<JobRunner>()).ToList();
        for (var round = 0; round < 3; round++)
        {
            await Task.WhenAll(runners.Select(r => Task.Run(() => r.RunDueAsync(CancellationToken.None))));
        }

        // Each host's own loop makes one pass at start-up, which may overlap these rounds: wait for the recorded run.
        for (var i = 0; i < 50 && await first.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<JobRun>().CountAsync(r => r.Name == "test-slow:once")) == 0; i++)
        {
            await Task.Delay(100);
        }

        // Once recorded, the job is done: a further pass on both hosts finds nothing due (a job left due would run again here).
        await Task.WhenAll(runners.Select(r => Task.Run(() => r.RunDueAsync(CancellationToken.None))));
        Assert.Equal(["test-slow:once"], recorder.Runs.Where(r => r.StartsWith("test-slow", StringComparison.Ordinal)).ToArray());
        var all = await first.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<JobRun>().ToListAsync());
        var runs = all.Where(r => r.Name == "test-slow:once").ToList();
        Assert.True(runs.Count == 1, string.Join("; ", all.Select(r => $"{r.Name} {r.Node} {r.Succeeded} {r.Error}")));
        var run = runs[0];
        Assert.True(run.Succeeded);
        Assert.True(run.DurationMs >= 500);
    }

    [Theory]
    [InlineData(TestDatabase.Postgres)]
    [InlineData(TestDatabase.Sqlite)]
    public async Task Of_two_hosts_trying_to_take_the_same_due_job_only_the_first_gets_it(TestDatabase database)
    {
        var connectionString = PartnerCmsSite.ConnectionStringFor(database);
        var recorder = new Recorder();
        var hourly = new Dictionary<string, string?> { ["Jobs:PollInterval"] = "01:00:00" };
        await using var first = Host(database, connectionString, recorder, settings: hourly);
        await using var second = Host(database, connectionString, recorder, settings: hourly);

        // Both hosts started, and their own loops past the one pass they make at start-up (the next is an hour away).
        await first.Services.GetRequiredService<JobRunner>().FirstPass.WaitAsync(TimeSpan.FromSeconds(30));
        await second.Services.GetRequiredService<JobRunner>().FirstPass.WaitAsync(TimeSpan.FromSeconds(30));
        await first.AsSystemAsync(async sp =>
        {
            await sp.GetRequiredService<IJobScheduler>().ScheduleAsync("test-flaky", "contended", DateTime.UtcNow.AddSeconds(-1));
            return true;
        });

        var takenByFirst = await first.Services.GetRequiredService<JobRunner>().TryTakeAsync("test-flaky:contended", CancellationToken.None);
        var takenBySecond = await second.Services.GetRequiredService<JobRunner>().TryTakeAsync("test-flaky:contended", CancellationToken.None);

        Assert.True(takenByFirst);
        Assert.False(takenBySecond);
    }

    [Fact]
    public async Task A_recurring_job_runs_when_due_and_is_scheduled_again_after_its_interval()
    {
        var recorder = new Recorder();
        await using var site = Host(TestDatabase.Sqlite, PartnerCmsSite.ConnectionStringFor(TestDatabase.Sqlite), recorder);
        _ = site.Services;

        await WaitUntilAsync(() => recorder.Runs.Contains("test-hourly"));
        // Once its run is over (the lease given back), a pass runs whatever is due: the job is not, for an hour.
        await WaitUntilAsync(site, db => db.Set<JobLease>().AnyAsync(j => j.Name == "test-hourly" && j.LeasedBy == null));
        await site.Services.GetRequiredService<JobRunner>().RunDueAsync(CancellationToken.None);

        Assert.Equal(1, recorder.Runs.Count(r => r == "test-hourly"));
        var lease = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<JobLease>().SingleAsync(j => j.Name == "test-hourly"));
        Assert.Null(lease.LeasedBy);
        Assert.True(lease.NextRunUtc > DateTime.UtcNow.AddMinutes(50));
    }

    [Fact]
    public async Task A_delayed_job_that_fails_is_tried_again_with_backoff_and_its_effect_happens_once()
    {
        var recorder = new Recorder { FailuresLeft = 2 };
        await using var site = Host(TestDatabase.Sqlite, PartnerCmsSite.ConnectionStringFor(TestDatabase.Sqlite), recorder);
        await site.AsSystemAsync(async sp =>
        {
            await sp.GetRequiredService<IJobScheduler>().ScheduleAsync("test-flaky", "order-42", DateTime.UtcNow);
            return true;
        });

        await WaitUntilAsync(() => recorder.Runs.Contains("test-flaky:order-42"));
        // Once the job is done (its lease gone), a pass runs whatever is due: nothing of it is left to run again.
        await WaitUntilAsync(site, db => db.Set<JobLease>().AllAsync(j => j.Name != "test-flaky:order-42"));
        await site.Services.GetRequiredService<JobRunner>().RunDueAsync(CancellationToken.None);

        Assert.Equal(1, recorder.Runs.Count(r => r == "test-flaky:order-42"));
        var (runs, leaseLeft) = await site.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<PartnerCmsDbContext>();
            return (await db.Set<JobRun>().Where(r => r.Name == "test-flaky:order-42").OrderBy(r => r.Id).Select(r => r.Succeeded).ToListAsync(),
                await db.Set<JobLease>().AnyAsync(j => j.Name == "test-flaky:order-42"));
        });
        Assert.Equal([false, false, true], runs);
        Assert.False(leaseLeft);
    }
}
