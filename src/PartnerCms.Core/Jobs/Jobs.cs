using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PartnerCms.Core.Jobs;

/// <summary>
/// A recurring job a module contributes (<c>services.AddRecurringJob&lt;TJob&gt;()</c>): run every
/// <see cref="Interval"/>, once across all nodes, in a DI scope of its own, as the system. Each run is recorded.
/// </summary>
public interface IRecurringJob
{
    /// <summary>Unique and stable: the name of the job's lease row.</summary>
    string Name { get; }

    TimeSpan Interval { get; }

    Task RunAsync(IServiceProvider services, CancellationToken cancellationToken);
}

/// <summary>The handler of delayed jobs of one kind: a job scheduled with <see cref="IJobScheduler"/> runs it once, when due.</summary>
public interface IDelayedJobHandler
{
    /// <summary>The kind this handler runs (the prefix of the scheduled job's name: "kind:key").</summary>
    string Kind { get; }

    Task RunAsync(IServiceProvider services, string key, CancellationToken cancellationToken);
}

/// <summary>Schedules a delayed job ("kind:key" at a time); scheduling the same name again moves it.</summary>
public interface IJobScheduler
{
    Task ScheduleAsync(string kind, string key, DateTime runAtUtc, CancellationToken cancellationToken = default);

    Task CancelAsync(string kind, string key, CancellationToken cancellationToken = default);
}

/// <summary>
/// One row per job: when it is next due, and who holds it until when. A node takes a due job with one conditional
/// UPDATE (due, and no live lease), so on any number of nodes exactly one runs it; a node that dies while running lets
/// its lease expire and another node takes the job over.
/// </summary>
public sealed class JobLease
{
    public required string Name { get; set; }

    /// <summary>Recurring jobs keep their row; delayed jobs are deleted after a successful run.</summary>
    public bool Recurring { get; set; }

    public DateTime NextRunUtc { get; set; }

    public string? LeasedBy { get; set; }

    public DateTime? LeasedUntilUtc { get; set; }

    public int Attempts { get; set; }

    public DateTime? LastRunUtc { get; set; }

    public string? LastError { get; set; }
}

/// <summary>One run of a job, for the operator: which node, when, how long, and how it ended.</summary>
public sealed class JobRun
{
    public long Id { get; set; }

    public required string Name { get; set; }

    public required string Node { get; set; }

    public DateTime StartedUtc { get; set; }

    public int DurationMs { get; set; }

    public bool Succeeded { get; set; }

    public string? Error { get; set; }
}

internal sealed class JobLeaseConfiguration : IEntityTypeConfiguration<JobLease>
{
    public void Configure(EntityTypeBuilder<JobLease> builder)
    {
        builder.ToTable("JobLeases");
        builder.HasKey(j => j.Name);
        builder.Property(j => j.Name).HasMaxLength(200);
        builder.Property(j => j.LeasedBy).HasMaxLength(100);
        builder.Property(j => j.LastError).HasMaxLength(2000);
        builder.HasIndex(j => j.NextRunUtc);
    }
}

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> builder)
    {
        builder.ToTable("JobRuns");
        builder.Property(j => j.Name).HasMaxLength(200);
        builder.Property(j => j.Node).HasMaxLength(100);
        builder.Property(j => j.Error).HasMaxLength(2000);
        builder.HasIndex(j => new { j.Name, j.StartedUtc });
    }
}

/// <summary>Exponential backoff shared by jobs and event delivery: the first delay after one failure, doubling, capped.</summary>
public static class Backoff
{
    public static TimeSpan After(int failures, TimeSpan first, TimeSpan max) =>
        TimeSpan.FromTicks(Math.Min(max.Ticks, first.Ticks * (1L << Math.Clamp(failures - 1, 0, 20))));
}
