using PartnerCms.Core.Organizations;

namespace PartnerCms.Workflows.Models;

/// <summary>
/// A workflow of one organization (it sees only that organization's events and data). Its definition is a versioned
/// content item with the same id (<see cref="WorkflowDefinitionPart"/>): publishing makes a new version, and running
/// instances finish on the version they started with.
/// </summary>
public sealed class WorkflowType : IOrganizationScoped
{
    public string Id { get; set; } = string.Empty;

    public string OrganizationId { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public bool Enabled { get; set; }

    /// <summary>When it was last enabled: events raised before that do not start it (a late or re-sent event is not news to it).</summary>
    public DateTime? EnabledUtc { get; set; }

    /// <summary>The newest version; new instances start on it.</summary>
    public int Version { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime UpdatedUtc { get; set; }

    public string? UpdatedBy { get; set; }

    /// <summary>The event activity types that start the published version (",type,type,"), so an event finds its workflows with one query.</summary>
    public string StartEvents { get; set; } = string.Empty;
}
