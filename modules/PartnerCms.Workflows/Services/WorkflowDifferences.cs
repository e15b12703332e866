using System.Text.Json;
using System.Text.Json.Nodes;
using PartnerCms.Core.Versioning;
using PartnerCms.Workflows.Abstractions;

namespace PartnerCms.Workflows.Services;

/// <summary>
/// What changed between two versions of a workflow, in words: the shared difference service compares the two definitions
/// (activities matched by id, transitions as a set, positions on the canvas left out), and each change is said as the
/// editor would.
/// </summary>
public static class WorkflowDifferences
{
    private static readonly HashSet<string> Positions = new(StringComparer.Ordinal) { "x", "y" };

    public static IReadOnlyList<string> Between(WorkflowDefinition from, WorkflowDefinition to)
    {
        var changes = new List<string>();
        foreach (var change in Differences.Fields(Document(from), Document(to), Positions))
        {
            var path = change.Path;
            if (path.StartsWith("transitions.", StringComparison.Ordinal))
            {
                changes.Add($"{(change.Added ? "Connected" : "Disconnected")} {path["transitions.".Length..]}.");
                continue;
            }

            // activities[id] or activities[id].name...
            var close = path.IndexOf(']', StringComparison.Ordinal);
            var id = path["activities[".Length..close];
            var rest = path[(close + 1)..].TrimStart('.');
            switch (rest)
            {
                case "" when change.Added:
                    changes.Add($"Added {id} ({Text(change.After?["type"])}){(change.After?["start"]?.GetValue<bool>() == true ? ", a start" : string.Empty)}.");
                    break;
                case "" when change.Removed:
                    changes.Add($"Removed {id} ({Text(change.Before?["type"])}).");
                    break;
                case "type":
                    changes.Add($"{id}: type {Text(change.Before)} → {Text(change.After)}.");
                    break;
                case "start":
                    changes.Add(change.After?.GetValue<bool>() == true ? $"{id} now starts the workflow." : $"{id} no longer starts the workflow.");
                    break;
                default:
                    var setting = rest.StartsWith("settings.", StringComparison.Ordinal) ? rest["settings.".Length..] : rest;
                    changes.Add($"{id}: {setting} {Shorten(Json(change.Before))} → {Shorten(Json(change.After))}.");
                    break;
            }
        }

        return changes;
    }

    /// <summary>The definition as the difference service compares it: transitions as a set of "from —outcome→ to" names.</summary>
    private static JsonObject Document(WorkflowDefinition definition)
    {
        var document = JsonSerializer.SerializeToNode(definition, WorkflowJson.Options)!.AsObject();
        var edges = new JsonObject();
        foreach (var t in definition.Transitions.DistinctBy(t => (t.From, t.Outcome, t.To)))
        {
            edges[$"{t.From} —{t.Outcome}→ {t.To}"] = true;
        }

        document["transitions"] = edges;
        return document;
    }

    private static string Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : node?.ToJsonString() ?? string.Empty;

    private static string Json(JsonNode? node) => node?.ToJsonString() ?? "(empty)";

    private static string Shorten(string text) => WorkflowValidator.Shorten(text, 80);
}
