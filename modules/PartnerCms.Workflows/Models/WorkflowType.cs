using PartnerCms.Core.Organizations;

namespace PartnerCms.Workflows.Models;

/// <summary>
/// A workflow of one organization (it sees only that organization's events and data). Its definition is kept per
/// version: editing makes a new version, and running instances finish on the version they started with.
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

    /// <summary>The editor's unpublished work (a <see cref="WorkflowDefinition"/> as JSON, valid or not); null when none.</summary>
    public string? Draft { get; set; }

    /// <summary>Counts draft saves: a save names the revision it started from, so two editors never overwrite each other unseen.</summary>
    public int DraftRevision { get; set; }

    public DateTime? DraftSavedUtc { get; set; }

    public string? DraftSavedBy { get; set; }
}
