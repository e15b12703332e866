using PartnerCms.Workflows.Abstractions;

namespace PartnerCms.Workflows.Activities;

public enum JoinMode
{
    /// <summary>Go on once every branch that leads here has arrived.</summary>
    WaitAll,

    /// <summary>Go on when the first branch arrives; later ones stop here.</summary>
    WaitAny,
}

public sealed class JoinSettings
{
    [Field("Go on", Help = "WaitAll: once every branch that leads here has arrived; WaitAny: with the first branch.")]
    public JoinMode Mode { get; set; } = JoinMode.WaitAll;
}

/// <summary>
/// Joins branches forked earlier (several transitions from one outcome fork). It counts, in the run's state, the branches
/// that reach it (a branch that waits — a timer, an event — arrives when it resumes); a branch that arrives before the
/// others ends there, and the last one (or, for WaitAny, the first) goes on.
/// </summary>
public sealed class Join : WorkflowActivity<JoinSettings>
{
    /// <summary>Marks a WaitAny join that already went on.</summary>
    private const string WentOn = "*";

    public override string Type => "Join";

    public override string DisplayName => "Join branches";

    public override string Category => "Control flow";

    public override string Description => "Waits for all (or the first) of the branches that lead here, then goes on once.";

    public override IReadOnlyList<string> Outcomes => [Abstractions.Outcomes.Done];

    protected override IReadOnlyList<ActivityError> Validate(JoinSettings settings, WorkflowValidationContext context) =>
        Enum.IsDefined(settings.Mode) ? [] : [new(nameof(JoinSettings.Mode), "WaitAll or WaitAny.")];

    protected override Task<ActivityResult> ExecuteAsync(ActivityContext context, JoinSettings settings, CancellationToken cancellationToken)
    {
        var joins = context.State.Joins;
        var id = context.CurrentActivityId;
        var arrived = joins.TryGetValue(id, out var list) ? list : joins[id] = [];
        if (arrived.Contains(WentOn))
        {
            return Task.FromResult(ActivityResult.Hold("Already went on (first branch)"));
        }

        if (settings.Mode == JoinMode.WaitAny)
        {
            joins[id] = [WentOn];
            return Task.FromResult(ActivityResult.Outcome(Abstractions.Outcomes.Done));
        }

        if (context.ArrivedFrom is { } from && !arrived.Contains(from))
        {
            arrived.Add(from);
        }

        var incoming = context.Definition.Transitions.Where(t => t.To == id).Select(t => t.From).Distinct(StringComparer.Ordinal).Count();
        if (arrived.Count >= incoming)
        {
            joins.Remove(id);
            return Task.FromResult(ActivityResult.Outcome(Abstractions.Outcomes.Done));
        }

        return Task.FromResult(ActivityResult.Hold($"Waiting for {incoming - arrived.Count} more branch(es)"));
    }
}
