using PartnerCms.Core.Jobs;
using PartnerCms.Workflows.Abstractions;

namespace PartnerCms.Workflows.Activities;

public sealed class TimerSettings
{
    /// <summary>How long to wait: "00:30:00" (30 minutes), "7.00:00:00" (7 days).</summary>
    [Field("Wait for", Help = "d.hh:mm:ss — 00:30:00 is 30 minutes, 7.00:00:00 is 7 days.", Required = true)]
    public TimeSpan Duration { get; set; }
}

/// <summary>Waits, then goes on. The wait is a job in the database: it survives a restart and fires on one node.</summary>
public sealed class Timer(TimeProvider clock, IJobScheduler jobs) : WorkflowActivity<TimerSettings>
{
    public static readonly TimeSpan Longest = TimeSpan.FromDays(366);

    public override string Type => "Timer";

    public override string DisplayName => "Wait (timer)";

    public override string Category => "Control flow";

    public override IReadOnlyList<string> Outcomes => [Abstractions.Outcomes.Done];

    protected override IReadOnlyList<ActivityError> Validate(TimerSettings settings, WorkflowValidationContext context) =>
        settings.Duration <= TimeSpan.Zero || settings.Duration > Longest ? [new(nameof(TimerSettings.Duration), "Wait more than nothing and at most 366 days, e.g. 7.00:00:00.")] : [];

    protected override async Task<ActivityResult> ExecuteAsync(ActivityContext context, TimerSettings settings, CancellationToken cancellationToken)
    {
        var due = clock.GetUtcNow().UtcDateTime + settings.Duration;
        context.Journal["until"] = due;
        if (!context.DryRun)
        {
            await jobs.ScheduleAsync(Services.WorkflowRunner.TimerJobKind, $"{context.InstanceId}/{context.CurrentActivityId}", due, cancellationToken);
        }

        return ActivityResult.Wait;
    }
}
