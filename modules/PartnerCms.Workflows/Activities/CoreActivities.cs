using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PartnerCms.Core.Jobs;
using PartnerCms.Core.Workflows;

namespace PartnerCms.Workflows.Activities;

public sealed class IfElseSettings
{
    /// <summary>A Liquid condition, e.g. <c>event.licences &gt; 10</c>.</summary>
    [Field("Condition", Help = "A Liquid condition, e.g. event.licences > 10 or event.trial.", Kind = FieldKind.Condition, Required = true)]
    public string Condition { get; set; } = string.Empty;
}

/// <summary>True or False on a Liquid condition.</summary>
public sealed class IfElse : WorkflowActivity<IfElseSettings>
{
    public override string Type => "IfElse";

    public override string DisplayName => "If / else";

    public override string Category => "Control flow";

    public override IReadOnlyList<string> Outcomes => [Core.Workflows.Outcomes.True, Core.Workflows.Outcomes.False];

    protected override IReadOnlyList<string> Validate(IfElseSettings settings, WorkflowValidationContext context) =>
        string.IsNullOrWhiteSpace(settings.Condition) || settings.Condition.Contains("%}", StringComparison.Ordinal)
            ? ["Condition: write a Liquid condition such as event.licences > 10."]
            : CheckLiquid(context, "Condition", "{% if " + settings.Condition + " %}true{% endif %}").ToList();

    protected override async Task<ActivityResult> ExecuteAsync(ActivityContext context, IfElseSettings settings, CancellationToken cancellationToken)
    {
        var result = await context.EvaluateAsync(settings.Condition, cancellationToken);
        context.Journal["condition"] = settings.Condition;
        context.Journal["result"] = result;
        return ActivityResult.Outcome(result ? Core.Workflows.Outcomes.True : Core.Workflows.Outcomes.False);
    }
}

public sealed class SetVariableSettings
{
    [Field("Variable name", Help = "Later activities read it as {{ variables.name }}.", Required = true)]
    public string Name { get; set; } = string.Empty;

    /// <summary>Liquid; the text it renders is the value.</summary>
    [Field("Value", Help = "Liquid; the text it renders is the value.", Kind = FieldKind.Liquid)]
    public string Value { get; set; } = string.Empty;
}

/// <summary>Stores a value the later activities read as <c>variables.name</c>.</summary>
public sealed class SetVariable : WorkflowActivity<SetVariableSettings>
{
    public override string Type => "SetVariable";

    public override string DisplayName => "Set variable";

    public override string Category => "Control flow";

    public override IReadOnlyList<string> Outcomes => [Core.Workflows.Outcomes.Done];

    protected override IReadOnlyList<string> Validate(SetVariableSettings settings, WorkflowValidationContext context) =>
        !System.Text.RegularExpressions.Regex.IsMatch(settings.Name ?? string.Empty, "^[A-Za-z_][A-Za-z0-9_]{0,63}$", System.Text.RegularExpressions.RegexOptions.NonBacktracking)
            ? ["Name: use letters, digits and '_' (at most 64), starting with a letter."]
            : CheckLiquid(context, "Value", settings.Value).ToList();

    protected override async Task<ActivityResult> ExecuteAsync(ActivityContext context, SetVariableSettings settings, CancellationToken cancellationToken)
    {
        var value = await context.RenderAsync(settings.Value, cancellationToken);
        context.State.Variables[settings.Name] = JsonValue.Create(value);
        context.Journal[settings.Name] = value;
        return ActivityResult.Outcome(Core.Workflows.Outcomes.Done);
    }
}

public sealed class LogSettings
{
    [Field("Message", Help = "Liquid; written to the run's journal and the portal's log.", Kind = FieldKind.Liquid)]
    public string Message { get; set; } = string.Empty;
}

/// <summary>Writes a line to the journal and the portal's log.</summary>
public sealed class Log : WorkflowActivity<LogSettings>
{
    public override string Type => "Log";

    public override string DisplayName => "Log";

    public override string Category => "Control flow";

    public override IReadOnlyList<string> Outcomes => [Core.Workflows.Outcomes.Done];

    protected override IReadOnlyList<string> Validate(LogSettings settings, WorkflowValidationContext context) => CheckLiquid(context, "Message", settings.Message).ToList();

    protected override async Task<ActivityResult> ExecuteAsync(ActivityContext context, LogSettings settings, CancellationToken cancellationToken)
    {
        var message = await context.RenderAsync(settings.Message, cancellationToken);
        context.Journal["message"] = message;
        context.Services.GetRequiredService<ILogger<Log>>().LogInformation("Workflow {Instance}: {Message}", context.Instance.Id, message);
        return ActivityResult.Outcome(Core.Workflows.Outcomes.Done);
    }
}

public sealed class TimerSettings
{
    /// <summary>How long to wait: "00:30:00" (30 minutes), "7.00:00:00" (7 days).</summary>
    [Field("Wait for", Help = "d.hh:mm:ss — 00:30:00 is 30 minutes, 7.00:00:00 is 7 days.", Required = true)]
    public TimeSpan Duration { get; set; }
}

/// <summary>Waits, then goes on. The wait is a job in the database: it survives a restart and fires on one node.</summary>
public sealed class Timer : WorkflowActivity<TimerSettings>
{
    public static readonly TimeSpan Longest = TimeSpan.FromDays(366);

    public override string Type => "Timer";

    public override string DisplayName => "Wait (timer)";

    public override string Category => "Control flow";

    public override IReadOnlyList<string> Outcomes => [Core.Workflows.Outcomes.Done];

    protected override IReadOnlyList<string> Validate(TimerSettings settings, WorkflowValidationContext context) =>
        settings.Duration <= TimeSpan.Zero || settings.Duration > Longest ? ["Duration: wait more than nothing and at most 366 days, e.g. 7.00:00:00."] : [];

    protected override async Task<ActivityResult> ExecuteAsync(ActivityContext context, TimerSettings settings, CancellationToken cancellationToken)
    {
        var due = context.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime + settings.Duration;
        context.Journal["until"] = due;
        if (!context.DryRun)
        {
            await context.Services.GetRequiredService<IJobScheduler>().ScheduleAsync(WorkflowEngine.TimerJobKind, $"{context.Instance.Id}/{context.CurrentActivityId}", due, cancellationToken);
        }

        return ActivityResult.Wait;
    }
}
