namespace PartnerCms.Workflows.Abstractions;

/// <summary>A run stopped by a sending limit: the run is faulted with this reason.</summary>
public sealed class WorkflowLimitException(string message) : InvalidOperationException(message);
