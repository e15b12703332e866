using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PartnerCms.Workflows.Abstractions;

namespace PartnerCms.Workflows.Activities;

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

    public override IReadOnlyList<string> Outcomes => [Abstractions.Outcomes.Done];

    protected override IReadOnlyList<ActivityError> Validate(SetVariableSettings settings, WorkflowValidationContext context) =>
        !Regex.IsMatch(settings.Name ?? string.Empty, "^[A-Za-z_][A-Za-z0-9_]{0,63}$", RegexOptions.NonBacktracking)
            ? [new(nameof(SetVariableSettings.Name), "Use letters, digits and '_' (at most 64), starting with a letter.")]
            : CheckLiquid(context, nameof(SetVariableSettings.Value), settings.Value).ToList();

    protected override async Task<ActivityResult> ExecuteAsync(ActivityContext context, SetVariableSettings settings, CancellationToken cancellationToken)
    {
        var value = await context.RenderAsync(settings.Value, cancellationToken);
        context.State.Variables[settings.Name] = JsonValue.Create(value);
        context.Journal[settings.Name] = value;
        return ActivityResult.Outcome(Abstractions.Outcomes.Done);
    }
}
