using PartnerCms.Workflows.Abstractions;

namespace PartnerCms.Workflows.Services;

/// <summary>The editor's unpublished work (null Definition: none), the revision a save must name, and who saved it when.</summary>
public sealed record WorkflowDraft(WorkflowDefinition? Definition, int Revision, string? SavedBy, DateTime? SavedUtc);
