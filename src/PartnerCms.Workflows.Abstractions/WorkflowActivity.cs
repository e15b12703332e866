using System.Text.Json;
using System.Text.Json.Nodes;

namespace PartnerCms.Workflows.Abstractions;

/// <summary>
/// A kind of step a module contributes (<c>services.AddWorkflowActivity&lt;T&gt;()</c>, in a startup that requires the
/// workflow module). Its settings are a typed class, read from the workflow's JSON and checked by <see cref="Validate"/>
/// before the workflow is saved, not at run time. An activity is made per run scope: it takes the services it uses
/// through its constructor.
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

    /// <summary>What is wrong with the settings, each error naming the setting (property) it is about, or none for the whole activity.</summary>
    public abstract IReadOnlyList<ActivityError> Validate(object settings, WorkflowValidationContext context);

    /// <summary>For an event: real recent events of the organization to try a workflow on (the editor's dry run).</summary>
    public virtual Task<IReadOnlyList<WorkflowSample>> SamplesAsync(string organizationId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<WorkflowSample>>([]);

    public abstract Task<ActivityResult> ExecuteAsync(ActivityContext context, object settings, CancellationToken cancellationToken);
}

/// <summary>An activity with typed settings.</summary>
public abstract class WorkflowActivity<TSettings> : WorkflowActivity where TSettings : class, new()
{
    public sealed override Type SettingsType => typeof(TSettings);

    public sealed override IReadOnlyList<ActivityError> Validate(object settings, WorkflowValidationContext context) => Validate((TSettings)settings, context);

    public sealed override Task<ActivityResult> ExecuteAsync(ActivityContext context, object settings, CancellationToken cancellationToken) =>
        ExecuteAsync(context, (TSettings)settings, cancellationToken);

    protected virtual IReadOnlyList<ActivityError> Validate(TSettings settings, WorkflowValidationContext context) => [];

    protected abstract Task<ActivityResult> ExecuteAsync(ActivityContext context, TSettings settings, CancellationToken cancellationToken);

    /// <summary>A Liquid setting's parse error, keyed by the setting, or nothing.</summary>
    protected static IEnumerable<ActivityError> CheckLiquid(WorkflowValidationContext context, string property, string? source)
    {
        if (!string.IsNullOrEmpty(source) && context.Liquid.Validate(source) is { } error)
        {
            yield return new ActivityError(property, error.ToString());
        }
    }
}
