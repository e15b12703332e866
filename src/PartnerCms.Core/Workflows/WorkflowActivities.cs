using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Events;
using PartnerCms.Core.Liquid;

namespace PartnerCms.Core.Workflows;

/// <summary>Outcome names are constants: a transition names one, a typo is a validation error, not a dead branch.</summary>
public static class Outcomes
{
    public const string Done = "Done";
    public const string True = "True";
    public const string False = "False";
    public const string Failed = "Failed";
}

/// <summary>What an activity run decided: the outcomes to follow, or to wait (a blocking activity).</summary>
public sealed record ActivityResult(IReadOnlyList<string> Outcomes, bool Halt = false)
{
    public static ActivityResult Outcome(params string[] outcomes) => new(outcomes);

    public static readonly ActivityResult Wait = new([], Halt: true);
}

/// <summary>
/// A kind of step a module contributes (<c>services.AddWorkflowActivity&lt;T&gt;()</c>, in a startup that requires the
/// workflow module). Its settings are a typed class, read from the workflow's JSON and checked by <see cref="Validate"/>
/// before the workflow is saved, not at run time.
/// </summary>
public abstract class WorkflowActivity
{
    /// <summary>The type name workflows use, e.g. "SendEmail". Unique.</summary>
    public abstract string Type { get; }

    public abstract string DisplayName { get; }

    public abstract string Category { get; }

    public virtual string Description => DisplayName;

    public abstract IReadOnlyList<string> Outcomes { get; }

    public abstract Type SettingsType { get; }

    /// <summary>An event activity: starts instances (marked Start) or, reached inside a run, waits for its event.</summary>
    public virtual bool IsEvent => false;

    public object ReadSettings(JsonObject? settings) =>
        (settings ?? []).Deserialize(SettingsType, WorkflowJson.Options) ?? Activator.CreateInstance(SettingsType)!;

    public abstract IReadOnlyList<string> Validate(object settings, WorkflowValidationContext context);

    /// <summary>For an event: real recent events of the organization to try a workflow on (the editor's dry run).</summary>
    public virtual Task<IReadOnlyList<WorkflowSample>> SamplesAsync(IServiceProvider services, string organizationId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<WorkflowSample>>([]);

    public abstract Task<ActivityResult> ExecuteAsync(ActivityContext context, object settings, CancellationToken cancellationToken);
}

/// <summary>An event to try a workflow on: what the editor lists, and the values the event activity would give.</summary>
public sealed record WorkflowSample(string Label, IReadOnlyDictionary<string, object?> Input);

/// <summary>An activity with typed settings.</summary>
public abstract class WorkflowActivity<TSettings> : WorkflowActivity where TSettings : class, new()
{
    public sealed override Type SettingsType => typeof(TSettings);

    public sealed override IReadOnlyList<string> Validate(object settings, WorkflowValidationContext context) => Validate((TSettings)settings, context);

    public sealed override Task<ActivityResult> ExecuteAsync(ActivityContext context, object settings, CancellationToken cancellationToken) =>
        ExecuteAsync(context, (TSettings)settings, cancellationToken);

    protected virtual IReadOnlyList<string> Validate(TSettings settings, WorkflowValidationContext context) => [];

    protected abstract Task<ActivityResult> ExecuteAsync(ActivityContext context, TSettings settings, CancellationToken cancellationToken);

    /// <summary>A Liquid field's error, named by field, or nothing.</summary>
    protected static IEnumerable<string> CheckLiquid(WorkflowValidationContext context, string field, string? source)
    {
        if (!string.IsNullOrEmpty(source) && context.Liquid.Validate(source) is { } error)
        {
            yield return $"{field}: {error}";
        }
    }
}

public sealed class NoSettings;

/// <summary>What validation may look at: the Liquid parser (with its limits) and the organization's services.</summary>
public sealed record WorkflowValidationContext(LiquidTemplateService Liquid, IServiceProvider Services, string OrganizationId);

/// <summary>
/// The event side of a module's event (<c>services.AddWorkflowEvent&lt;TEvent, TActivity&gt;()</c>): which organization
/// it belongs to (a workflow sees only its own organization's events), its correlation id (offer, relationship…), and
/// the plain values workflows may read as <c>event.*</c>.
/// </summary>
public abstract class WorkflowEventActivity<TEvent> : WorkflowActivity<NoSettings> where TEvent : notnull
{
    public sealed override bool IsEvent => true;

    public override string Category => "Events";

    public override IReadOnlyList<string> Outcomes => [Workflows.Outcomes.Done];

    /// <summary>The organizations whose workflows see the event (a partner's, a customer's, or both).</summary>
    public abstract IEnumerable<string?> OrganizationsOf(TEvent domainEvent);

    public abstract string CorrelationOf(TEvent domainEvent);

    public abstract IReadOnlyDictionary<string, object?> InputOf(TEvent domainEvent);

    protected sealed override Task<ActivityResult> ExecuteAsync(ActivityContext context, NoSettings settings, CancellationToken cancellationToken) =>
        Task.FromResult(ActivityResult.Outcome(Workflows.Outcomes.Done));
}

/// <summary>
/// Where the mails a run queued are now (queued, sent, failed), for the run's page: the mail module answers, for the
/// current organization's mails only.
/// </summary>
public interface IMailStatusLookup
{
    Task<IReadOnlyDictionary<string, string>> StatusOfAsync(IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken = default);
}

/// <summary>Signed links that resume an instance waiting in a signal activity (the workflow module makes them).</summary>
public interface IWorkflowSignalLinks
{
    /// <summary>The activity types that wait for a signal.</summary>
    string SignalActivityType { get; }

    string LinkFor(string instanceId, string activityId);
}

/// <summary>Everything an activity run may use: the Liquid model (event, variables, workflow, signals), the organization, services.</summary>
public sealed class ActivityContext(
    WorkflowInstance instance, string activityId, string workflowName, WorkflowState state, IReadOnlyDictionary<string, object?> eventInput,
    LiquidTemplateService liquid, IServiceProvider services, bool dryRun, IReadOnlyList<string>? signalActivities = null)
{
    public WorkflowInstance Instance { get; } = instance;

    /// <summary>The id of the activity running (a timer names its job with it).</summary>
    public string CurrentActivityId { get; } = activityId;

    public string OrganizationId => Instance.OrganizationId;

    public WorkflowState State { get; } = state;

    public IReadOnlyDictionary<string, object?> Event { get; } = eventInput;

    public IServiceProvider Services { get; } = services;

    /// <summary>A dry run records what e-mail, HTTP and role activities would do without doing it.</summary>
    public bool DryRun { get; } = dryRun;

    /// <summary>What this run has sent so far, by channel (<see cref="WorkflowSendQuota"/>): one dictionary for all steps of a run.</summary>
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
            ["workflow"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = workflowName, ["instance"] = Instance.Id, ["correlation"] = Instance.CorrelationId },
        };
        if (signalActivities is { Count: > 0 } && Services.GetService(typeof(IWorkflowSignalLinks)) is IWorkflowSignalLinks links)
        {
            // {{ signals.approve }}: the link that resumes this instance waiting in the signal activity "approve".
            model["signals"] = signalActivities.ToDictionary(id => id, id => (object?)links.LinkFor(Instance.Id, id), StringComparer.Ordinal);
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

public static class WorkflowJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
    };
}

/// <summary>The activities the enabled modules contribute, by type name.</summary>
public sealed class ActivityCatalog(IEnumerable<WorkflowActivity> activities)
{
    private readonly Dictionary<string, WorkflowActivity> _byType = activities.ToDictionary(a => a.Type, StringComparer.Ordinal);

    public IReadOnlyCollection<WorkflowActivity> All => _byType.Values;

    public WorkflowActivity? Find(string type) => _byType.GetValueOrDefault(type);
}

public static class WorkflowServiceCollectionExtensions
{
    public static IServiceCollection AddWorkflowActivity<TActivity>(this IServiceCollection services) where TActivity : WorkflowActivity =>
        services.AddSingleton<WorkflowActivity, TActivity>();

    /// <summary>The event's activity, and the outbox handler that starts and resumes workflows when the event is delivered.</summary>
    public static IServiceCollection AddWorkflowEvent<TEvent, TActivity>(this IServiceCollection services)
        where TEvent : notnull
        where TActivity : WorkflowEventActivity<TEvent>
    {
        services.AddSingleton<TActivity>();
        services.AddSingleton<WorkflowActivity>(sp => sp.GetRequiredService<TActivity>());
        services.AddSingleton<WorkflowEventActivity<TEvent>>(sp => sp.GetRequiredService<TActivity>());
        return services.AddEventHandler<TEvent, WorkflowTrigger<TEvent>>();
    }
}

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
/// Joins branches forked earlier (several transitions from one outcome fork). The engine counts the branches that reach
/// it; a branch that waits (a timer, an event) arrives when it resumes.
/// </summary>
public sealed class Join : WorkflowActivity<JoinSettings>
{
    public override string Type => "Join";

    public override string DisplayName => "Join branches";

    public override string Category => "Control flow";

    public override string Description => "Waits for all (or the first) of the branches that lead here, then goes on once.";

    public override IReadOnlyList<string> Outcomes => [Workflows.Outcomes.Done];

    protected override IReadOnlyList<string> Validate(JoinSettings settings, WorkflowValidationContext context) =>
        Enum.IsDefined(settings.Mode) ? [] : ["Mode: WaitAll or WaitAny."];

    protected override Task<ActivityResult> ExecuteAsync(ActivityContext context, JoinSettings settings, CancellationToken cancellationToken) =>
        Task.FromResult(ActivityResult.Outcome(Workflows.Outcomes.Done));
}
