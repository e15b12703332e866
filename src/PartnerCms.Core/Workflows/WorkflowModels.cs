using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerCms.Core.Organizations;

namespace PartnerCms.Core.Workflows;

/// <summary>What a workflow does: activities (each with typed settings) joined by transitions from named outcomes.</summary>
/// <summary>
/// What a person or a file wrote is read as it is: a <c>null</c> list, element or value (JSON allows them) is read as
/// empty, so validation answers with what is missing instead of every reader meeting a null.
/// </summary>
public sealed class WorkflowDefinition
{
    public List<ActivityNode> Activities { get; set => field = value?.Where(a => a is not null).ToList() ?? []; } = [];

    public List<Transition> Transitions { get; set => field = value?.Where(t => t is not null).ToList() ?? []; } = [];
}

public sealed class ActivityNode
{
    /// <summary>Unique within the workflow (letters, digits, '-', '_').</summary>
    public string Id { get; set => field = value ?? string.Empty; } = string.Empty;

    /// <summary>The activity's type name, e.g. "OfferAccepted", "SendEmail".</summary>
    public string Type { get; set => field = value ?? string.Empty; } = string.Empty;

    /// <summary>An event activity that starts a new instance when its event happens.</summary>
    public bool Start { get; set; }

    public JsonObject Settings { get; set => field = value ?? []; } = [];

    /// <summary>Where the editor draws it (null: laid out automatically, as for an imported workflow).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public double? X { get; set; }

    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public double? Y { get; set; }
}

public sealed class Transition
{
    public string From { get; set => field = value ?? string.Empty; } = string.Empty;

    public string Outcome { get; set => field = value ?? string.Empty; } = string.Empty;

    public string To { get; set => field = value ?? string.Empty; } = string.Empty;
}

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

public enum WorkflowStatus
{
    Running = 0,
    Halted = 1,
    Finished = 2,
    Faulted = 3,
    Cancelled = 4,
}

/// <summary>One run of a workflow: its status, what it waits for, its variables, and (in the journal) every step.</summary>
public sealed class WorkflowInstance : IOrganizationScoped
{
    public string Id { get; set; } = string.Empty;

    public string OrganizationId { get; set; } = string.Empty;

    public string WorkflowTypeId { get; set; } = string.Empty;

    public int Version { get; set; }

    public string CorrelationId { get; set; } = string.Empty;

    public WorkflowStatus Status { get; set; }

    /// <summary>The <see cref="WorkflowState"/> as JSON: variables and the blocking activities it waits in.</summary>
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

public sealed class WorkflowState
{
    public Dictionary<string, JsonNode?> Variables { get; set; } = [];

    /// <summary>Blocking activities the instance waits in (event activities by type, timers by id).</summary>
    public List<string> Blocking { get; set; } = [];

    /// <summary>The latest event's values, so activities after a timer still read <c>event.*</c>.</summary>
    public JsonObject? Event { get; set; }

    /// <summary>Per join activity, the branches (activity ids) that have reached it; "*" once a WaitAny join went on.</summary>
    public Dictionary<string, List<string>> Joins { get; set; } = [];
}

/// <summary>One activity run: when, its input (rendered settings), its outcome, how long it took, and its error.</summary>
public sealed class WorkflowJournalEntry
{
    public int Sequence { get; set; }

    public string ActivityId { get; set; } = string.Empty;

    public string ActivityType { get; set; } = string.Empty;

    public string? Input { get; set; }

    /// <summary>The outcomes taken (", "-separated), "Halted", or null when it failed.</summary>
    public string? Outcome { get; set; }

    public int DurationMs { get; set; }

    public string? Error { get; set; }

    public DateTime StartedUtc { get; set; }
}

internal sealed class WorkflowTypeConfiguration : IEntityTypeConfiguration<WorkflowType>
{
    public void Configure(EntityTypeBuilder<WorkflowType> builder)
    {
        builder.ToTable("WorkflowTypes");
        builder.Property(t => t.Id).HasMaxLength(64);
        builder.Property(t => t.OrganizationId).HasMaxLength(64);
        builder.Property(t => t.Name).HasMaxLength(200);
        builder.Property(t => t.UpdatedBy).HasMaxLength(256);
        builder.Property(t => t.DraftSavedBy).HasMaxLength(256);
        builder.HasIndex(t => new { t.OrganizationId, t.Name }).IsUnique();
    }
}

internal sealed class WorkflowTypeVersionConfiguration : IEntityTypeConfiguration<WorkflowTypeVersion>
{
    public void Configure(EntityTypeBuilder<WorkflowTypeVersion> builder)
    {
        builder.ToTable("WorkflowTypeVersions");
        builder.Property(v => v.OrganizationId).HasMaxLength(64);
        builder.Property(v => v.WorkflowTypeId).HasMaxLength(64);
        builder.Property(v => v.StartEvents).HasMaxLength(2000);
        builder.Property(v => v.CreatedBy).HasMaxLength(256);
        builder.HasIndex(v => new { v.WorkflowTypeId, v.Version }).IsUnique();
    }
}

internal sealed class WorkflowInstanceConfiguration : IEntityTypeConfiguration<WorkflowInstance>
{
    public void Configure(EntityTypeBuilder<WorkflowInstance> builder)
    {
        builder.ToTable("WorkflowInstances");
        builder.Property(i => i.Id).HasMaxLength(64);
        builder.Property(i => i.OrganizationId).HasMaxLength(64);
        builder.Property(i => i.WorkflowTypeId).HasMaxLength(64);
        builder.Property(i => i.CorrelationId).HasMaxLength(200);
        builder.Property(i => i.WaitingFor).HasMaxLength(2000);
        builder.Property(i => i.Fault).HasMaxLength(2000);
        builder.Property(i => i.Revision).IsConcurrencyToken();
        builder.HasIndex(i => new { i.OrganizationId, i.Status, i.CorrelationId });
        builder.HasIndex(i => new { i.WorkflowTypeId, i.CreatedUtc });
        builder.HasIndex(i => new { i.OrganizationId, i.CreatedUtc });
        builder.HasIndex(i => new { i.Status, i.UpdatedUtc });
    }
}
