using PartnerCms.Workflows.Abstractions;

namespace PartnerCms.Workflows.Services;

/// <summary>What changed between two versions of a workflow, in words.</summary>
public static class WorkflowDifferences
{
    /// <summary>What changed from one definition to another, in words (positions on the canvas aside).</summary>
    public static IReadOnlyList<string> Between(WorkflowDefinition from, WorkflowDefinition to)
    {
        var changes = new List<string>();
        var before = from.Activities.ToDictionary(a => a.Id, StringComparer.Ordinal);
        var after = to.Activities.ToDictionary(a => a.Id, StringComparer.Ordinal);
        foreach (var added in to.Activities.Where(a => !before.ContainsKey(a.Id)))
        {
            changes.Add($"Added {added.Id} ({added.Type}){(added.Start ? ", a start" : string.Empty)}.");
        }

        foreach (var removed in from.Activities.Where(a => !after.ContainsKey(a.Id)))
        {
            changes.Add($"Removed {removed.Id} ({removed.Type}).");
        }

        foreach (var (id, old) in before)
        {
            if (!after.TryGetValue(id, out var now))
            {
                continue;
            }

            if (old.Type != now.Type)
            {
                changes.Add($"{id}: type {old.Type} → {now.Type}.");
            }

            if (old.Start != now.Start)
            {
                changes.Add(now.Start ? $"{id} now starts the workflow." : $"{id} no longer starts the workflow.");
            }

            var keys = old.Settings.Select(p => p.Key).Union(now.Settings.Select(p => p.Key), StringComparer.Ordinal).Distinct(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                var a = old.Settings[key]?.ToJsonString() ?? "(empty)";
                var b = now.Settings[key]?.ToJsonString() ?? "(empty)";
                if (a != b)
                {
                    changes.Add($"{id}: {key} {WorkflowValidator.Shorten(a, 80)} → {WorkflowValidator.Shorten(b, 80)}.");
                }
            }
        }

        static string Key(Transition t) => $"{t.From} —{t.Outcome}→ {t.To}";
        var oldEdges = from.Transitions.Select(Key).ToHashSet(StringComparer.Ordinal);
        var newEdges = to.Transitions.Select(Key).ToHashSet(StringComparer.Ordinal);
        changes.AddRange(newEdges.Where(e => !oldEdges.Contains(e)).Select(e => $"Connected {e}."));
        changes.AddRange(oldEdges.Where(e => !newEdges.Contains(e)).Select(e => $"Disconnected {e}."));
        return changes;
    }
}
