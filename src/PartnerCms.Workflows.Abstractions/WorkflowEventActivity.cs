using System.Text.Json;

namespace PartnerCms.Workflows.Abstractions;

/// <summary>
/// An event activity (<c>services.AddWorkflowEvent&lt;TEvent, TActivity&gt;()</c>) with a typed payload: one record per
/// event states what workflows may read as <c>event.*</c> (its properties, in camelCase), so the values an event gives are
/// a type, not a dictionary put together by hand.
/// </summary>
public abstract class WorkflowEventActivity<TEvent, TPayload> : WorkflowActivity<NoSettings>, IWorkflowEvent<TEvent>
    where TEvent : notnull
    where TPayload : notnull
{
    public sealed override bool IsEvent => true;

    public override string Category => "Events";

    public override IReadOnlyList<string> Outcomes => [Abstractions.Outcomes.Done];

    /// <summary>The organizations whose workflows see the event (a partner's, a customer's, or both).</summary>
    public abstract IEnumerable<string?> OrganizationsOf(TEvent domainEvent);

    public abstract string CorrelationOf(TEvent domainEvent);

    public abstract TPayload PayloadOf(TEvent domainEvent);

    public IReadOnlyDictionary<string, object?> InputOf(TEvent domainEvent) => Plain(PayloadOf(domainEvent));

    /// <summary>A sample for the editor's dry run, from a payload.</summary>
    protected static WorkflowSample Sample(string label, TPayload payload) => new(label, Plain(payload));

    protected sealed override Task<ActivityResult> ExecuteAsync(ActivityContext context, NoSettings settings, CancellationToken cancellationToken) =>
        Task.FromResult(ActivityResult.Outcome(Abstractions.Outcomes.Done));

    private static Dictionary<string, object?> Plain(TPayload payload) =>
        ActivityContext.Plain(JsonSerializer.SerializeToNode(payload, WorkflowJson.Options)) as Dictionary<string, object?> ?? new(StringComparer.Ordinal);
}
