using PartnerCms.Core.Events;

namespace PartnerCms.Workflows.Abstractions;

/// <summary>Starts and resumes workflows when an event of <typeparamref name="TEvent"/> is delivered, for each organization it belongs to.</summary>
public sealed class WorkflowTrigger<TEvent>(IWorkflowEvent<TEvent> workflowEvent, IWorkflowEventSink sink) : IEventHandler<TEvent> where TEvent : notnull
{
    public async Task HandleAsync(TEvent domainEvent, CancellationToken cancellationToken)
    {
        var input = workflowEvent.InputOf(domainEvent);
        var correlation = workflowEvent.CorrelationOf(domainEvent);
        foreach (var organizationId in workflowEvent.OrganizationsOf(domainEvent).OfType<string>().Where(o => o.Length > 0).Distinct(StringComparer.Ordinal))
        {
            await sink.TriggerAsync(workflowEvent.Type, organizationId, correlation, input, cancellationToken);
        }
    }
}
