using PartnerCms.Core.Organizations;

namespace PartnerCms.Workflows.Models;

/// <summary>One saved version of a workflow's definition: never changed once saved.</summary>
public sealed class WorkflowTypeVersion : IOrganizationScoped
{
    public long Id { get; set; }

    public string OrganizationId { get; set; } = string.Empty;

    public string WorkflowTypeId { get; set; } = string.Empty;

    public int Version { get; set; }

    /// <summary>The <see cref="WorkflowDefinition"/> as JSON.</summary>
    public string Definition { get; set; } = "{}";

    /// <summary>The event activity types that start it (", type, type, "), so an event finds its workflows with one query.</summary>
    public string StartEvents { get; set; } = string.Empty;

    public DateTime CreatedUtc { get; set; }

    public string? CreatedBy { get; set; }
}
