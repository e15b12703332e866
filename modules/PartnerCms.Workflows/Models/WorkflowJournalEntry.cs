namespace PartnerCms.Workflows.Models;

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
