namespace PartnerCms.Workflows.Abstractions;

/// <summary>An event to try a workflow on: what the editor lists, and the values the event activity would give.</summary>
public sealed record WorkflowSample(string Label, IReadOnlyDictionary<string, object?> Input);
