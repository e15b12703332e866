using PartnerCms.Core.Organizations;

namespace PartnerCms.Workflows.Models;

/// <summary>One run of a workflow: its status, what it waits for, its variables, and (in the journal) every step.</summary>
public sealed class WorkflowInstance : IOrganizationScoped
{
    public string Id { get; set; } = string.Empty;

    public string OrganizationId { get; set; } = string.Empty;

    public string WorkflowTypeId { get; set; } = string.Empty;

    public int Version { get; set; }

    public string CorrelationId { get; set; } = string.Empty;

    public WorkflowStatus Status { get; set; }

    /// <summary>The <see cref="Abstractions.WorkflowState"/> as JSON: variables and the blocking activities it waits in.</summary>
    public string State { get; set; } = "{}";

    /// <summary>While halted: the event types it waits for (", type, "), so an event finds the instances to resume with one query.</summary>
    public string WaitingFor { get; set; } = string.Empty;

    public string? Fault { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime UpdatedUtc { get; set; }

    /// <summary>Optimistic concurrency: two dispatchers never both advance one instance.</summary>
    public int Revision { get; set; }

    /// <summary>The journal (a JSON array of <see cref="WorkflowJournalEntry"/>), kept in the instance's row: one write per run.</summary>
    public string Journal { get; set; } = "[]";

    /// <summary>How many steps the journal holds (for lists without reading it).</summary>
    public int Steps { get; set; }

    /// <summary>The time its steps took, summed (waits not counted): the statistics' average duration.</summary>
    public long ActiveMs { get; set; }
}
