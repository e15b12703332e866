using Microsoft.Extensions.Logging;
using PartnerCms.Workflows.Abstractions;

namespace PartnerCms.Workflows.Activities;

public sealed class LogSettings
{
    [Field("Message", Help = "Liquid; written to the run's journal and the portal's log.", Kind = FieldKind.Liquid)]
    public string Message { get; set; } = string.Empty;
}

/// <summary>Writes a line to the journal and the portal's log.</summary>
public sealed class Log(ILogger<Log> logger) : WorkflowActivity<LogSettings>
{
    public override string Type => "Log";

    public override string DisplayName => "Log";

    public override string Category => "Control flow";

    public override IReadOnlyList<string> Outcomes => [Abstractions.Outcomes.Done];

    protected override IReadOnlyList<ActivityError> Validate(LogSettings settings, WorkflowValidationContext context) => CheckLiquid(context, nameof(LogSettings.Message), settings.Message).ToList();

    protected override async Task<ActivityResult> ExecuteAsync(ActivityContext context, LogSettings settings, CancellationToken cancellationToken)
    {
        var message = await context.RenderAsync(settings.Message, cancellationToken);
        context.Journal["message"] = message;
        logger.LogInformation("Workflow {Instance}: {Message}", context.InstanceId, message);
        return ActivityResult.Outcome(Abstractions.Outcomes.Done);
    }
}
