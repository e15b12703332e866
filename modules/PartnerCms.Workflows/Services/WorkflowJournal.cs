using System.Text.Json;
using PartnerCms.Workflows.Abstractions;
using PartnerCms.Workflows.Models;

namespace PartnerCms.Workflows.Services;

/// <summary>An instance's journal: one JSON array in its row (one write per run), at most <see cref="MaxEntries"/> steps.</summary>
public static class WorkflowJournal
{
    /// <summary>The most steps a journal keeps; older ones give way (a long-lived instance that loops on events).</summary>
    public const int MaxEntries = 1_000;

    private static readonly JsonSerializerOptions Json = new(WorkflowJson.Options) { WriteIndented = false };

    public static List<WorkflowJournalEntry> Read(WorkflowInstance? instance) =>
        instance is null ? [] : JsonSerializer.Deserialize<List<WorkflowJournalEntry>>(instance.Journal, WorkflowJson.Options) ?? [];

    public static string Write(List<WorkflowJournalEntry> journal) => JsonSerializer.Serialize(journal, Json);

    public static void Trim(List<WorkflowJournalEntry> journal)
    {
        if (journal.Count > MaxEntries)
        {
            journal.RemoveRange(0, journal.Count - MaxEntries);
        }
    }

    /// <summary>What an activity recorded as its input, as the journal keeps it (at most 8,000 characters).</summary>
    public static string? Input(Dictionary<string, object?> recorded) =>
        recorded.Count == 0 ? null : WorkflowValidator.Shorten(JsonSerializer.Serialize(recorded, WorkflowJson.Options), 8000);
}
