namespace PartnerCms.Workflows.Abstractions;

/// <summary>Where delivered events go to start and resume workflows (the workflow module's runner).</summary>
public interface IWorkflowEventSink
{
    /// <summary>Resumes the organization's instances waiting for the event (same correlation id) and starts its workflows that start with it; how many ran.</summary>
    Task<int> TriggerAsync(string eventType, string organizationId, string correlationId, IReadOnlyDictionary<string, object?> input, CancellationToken cancellationToken = default);
}
