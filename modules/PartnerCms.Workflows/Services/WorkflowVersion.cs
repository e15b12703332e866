using PartnerCms.Workflows.Abstractions;

namespace PartnerCms.Workflows.Services;

/// <summary>A published version of a workflow: its number, when and by whom, and its definition.</summary>
public sealed record WorkflowVersion(int Version, DateTime PublishedUtc, string? PublishedBy, WorkflowDefinition Definition);
