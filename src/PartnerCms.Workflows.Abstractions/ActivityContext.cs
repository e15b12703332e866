using System.Text.Json.Nodes;
using PartnerCms.Core.Liquid;

namespace PartnerCms.Workflows.Abstractions;

/// <summary>
/// What an activity run may use: the run (instance, workflow, correlation, organization), the definition it runs, the
/// Liquid model (event, variables, workflow, signals), and where the branch came from. Services come through the
/// activity's constructor, not from here.
/// </summary>
public sealed class ActivityContext(
    WorkflowRun run, string activityId, WorkflowDefinition definition, WorkflowState state, IReadOnlyDictionary<string, object?> eventInput,
    LiquidTemplateService liquid, bool dryRun, IWorkflowSignalLinks? signalLinks = null, IReadOnlyList<string>? signalActivities = null)
{
    public WorkflowRun Run { get; } = run;

    public string InstanceId => Run.InstanceId;

    public string WorkflowTypeId => Run.WorkflowTypeId;

    public string OrganizationId => Run.OrganizationId;

    /// <summary>The id of the activity running (a timer names its job with it).</summary>
    public string CurrentActivityId { get; } = activityId;

    /// <summary>The version of the workflow the instance runs (a join counts the branches that lead to it).</summary>
    public WorkflowDefinition Definition { get; } = definition;

    public WorkflowState State { get; } = state;

    /// <summary>The activity whose outcome led here, or null for a start or a resumed wait.</summary>
    public string? ArrivedFrom { get; init; }

    public IReadOnlyDictionary<string, object?> Event { get; } = eventInput;

    /// <summary>A dry run records what e-mail, HTTP and role activities would do without doing it.</summary>
    public bool DryRun { get; } = dryRun;

    /// <summary>What this run has sent so far, by channel (<see cref="IWorkflowSendQuota"/>): one dictionary for all steps of a run.</summary>
    public Dictionary<string, int> RunCounts { get; init; } = new(StringComparer.Ordinal);

    /// <summary>What the activity records in its journal entry as its input (e.g. the rendered subject and recipients).</summary>
    public Dictionary<string, object?> Journal { get; } = [];

    /// <summary>
    /// Renders a Liquid field that holds a list (recipients, user names) and parses it the one way every activity does:
    /// separated by commas, semicolons or new lines, trimmed, empty entries and repeats (in any case) dropped.
    /// </summary>
    public async Task<IReadOnlyList<string>> RenderListAsync(string? source, CancellationToken cancellationToken) => ParseList(await RenderAsync(source, cancellationToken));

    /// <summary>A rendered list as <see cref="RenderListAsync"/> parses it.</summary>
    public static IReadOnlyList<string> ParseList(string text) =>
        text.Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>Renders a Liquid text field with <c>event</c>, <c>variables</c> and <c>workflow</c> in scope (and the template limits).</summary>
    public async Task<string> RenderAsync(string? source, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(source))
        {
            return string.Empty;
        }

        var template = liquid.Parse(source, "workflow:" + source);
        return await liquid.RenderAsync(template, Model(), html: false, cancellationToken);
    }

    /// <summary>A Liquid condition (the inside of an <c>if</c> tag), true or false.</summary>
    public async Task<bool> EvaluateAsync(string condition, CancellationToken cancellationToken) =>
        (await RenderAsync("{% if " + condition + " %}true{% endif %}", cancellationToken)).Trim() == "true";

    private Dictionary<string, object?> Model()
    {
        var model = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["event"] = Event,
            ["variables"] = State.Variables.ToDictionary(v => v.Key, v => Plain(v.Value), StringComparer.Ordinal),
            ["workflow"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = Run.WorkflowName, ["instance"] = Run.InstanceId, ["correlation"] = Run.CorrelationId },
        };
        if (signalActivities is { Count: > 0 } && signalLinks is not null)
        {
            // {{ signals.approve }}: the link that resumes this instance waiting in the signal activity "approve".
            model["signals"] = signalActivities.ToDictionary(id => id, id => (object?)signalLinks.LinkFor(Run.InstanceId, id), StringComparer.Ordinal);
        }

        return model;
    }

    /// <summary>JSON as the plain values Liquid reads: objects as dictionaries, arrays as lists.</summary>
    public static object? Plain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject values => values.ToDictionary(v => v.Key, v => Plain(v.Value), StringComparer.Ordinal),
        JsonArray items => items.Select(Plain).ToList(),
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value when value.TryGetValue<long>(out var number) => number,
        JsonValue value when value.TryGetValue<double>(out var real) => real,
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
        _ => node.ToJsonString(),
    };
}
