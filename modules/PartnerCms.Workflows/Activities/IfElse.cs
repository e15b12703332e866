using PartnerCms.Workflows.Abstractions;

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

    public override IReadOnlyList<string> Outcomes => [Abstractions.Outcomes.True, Abstractions.Outcomes.False];

    protected override IReadOnlyList<ActivityError> Validate(IfElseSettings settings, WorkflowValidationContext context) =>
        string.IsNullOrWhiteSpace(settings.Condition) || settings.Condition.Contains("%}", StringComparison.Ordinal)
            ? [new(nameof(IfElseSettings.Condition), "Write a Liquid condition such as event.licences > 10.")]
            : CheckLiquid(context, nameof(IfElseSettings.Condition), "{% if " + settings.Condition + " %}true{% endif %}").ToList();

    protected override async Task<ActivityResult> ExecuteAsync(ActivityContext context, IfElseSettings settings, CancellationToken cancellationToken)
    {
        var result = await context.EvaluateAsync(settings.Condition, cancellationToken);
        context.Journal["condition"] = settings.Condition;
        context.Journal["result"] = result;
        return ActivityResult.Outcome(result ? Abstractions.Outcomes.True : Abstractions.Outcomes.False);
    }
}
