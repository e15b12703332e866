using System.Text.Json.Nodes;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace PartnerCms.Core.Versioning;

/// <summary>
/// The one way versions are compared, whatever is versioned (templates, branding, workflows): a line-by-line difference of
/// text — DiffPlex's Myers diff, linear in memory, so a long document cannot exhaust the server — and a difference of
/// JSON documents by value path, where lists of objects with an <c>id</c> are matched by id rather than by position (a
/// moved or inserted activity is not "everything after it changed").
/// </summary>
public static class Differences
{
    /// <summary>The lines of <paramref name="before"/> and <paramref name="after"/>, each kept, added or removed.</summary>
    public static IReadOnlyList<DiffLine> Lines(string before, string after) =>
        InlineDiffBuilder.Diff(Normalize(before), Normalize(after), ignoreWhiteSpace: false, ignoreCase: false).Lines
            .Where(line => line.Type != ChangeType.Imaginary)
            .Select(line => new DiffLine(line.Type switch
            {
                ChangeType.Inserted => DiffKind.Added,
                ChangeType.Deleted => DiffKind.Removed,
                _ => DiffKind.Same,
            }, line.Text ?? string.Empty))
            .ToList();

    /// <summary>Every value that differs between two JSON documents, in document order (paths of <paramref name="ignore"/> names left out).</summary>
    public static IReadOnlyList<FieldChange> Fields(JsonNode? before, JsonNode? after, IReadOnlySet<string>? ignore = null)
    {
        var changes = new List<FieldChange>();
        Compare(string.Empty, before, after, changes, ignore ?? new HashSet<string>(StringComparer.Ordinal));
        return changes;
    }

    private static void Compare(string path, JsonNode? before, JsonNode? after, List<FieldChange> changes, IReadOnlySet<string> ignore)
    {
        switch (before, after)
        {
            case (JsonObject a, JsonObject b):
                foreach (var name in a.Select(p => p.Key).Concat(b.Select(p => p.Key)).Distinct(StringComparer.Ordinal).Where(n => !ignore.Contains(n)))
                {
                    Compare(Join(path, name), a[name], b[name], changes, ignore);
                }

                break;
            case (JsonArray a, JsonArray b) when ById(a) is { } left && ById(b) is { } right:
                foreach (var id in left.Keys.Concat(right.Keys).Distinct(StringComparer.Ordinal))
                {
                    Compare($"{path}[{id}]", left.GetValueOrDefault(id), right.GetValueOrDefault(id), changes, ignore);
                }

                break;
            case (JsonArray a, JsonArray b):
                for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
                {
                    Compare($"{path}[{i}]", i < a.Count ? a[i] : null, i < b.Count ? b[i] : null, changes, ignore);
                }

                break;
            default:
                if (!JsonNode.DeepEquals(before, after))
                {
                    changes.Add(new FieldChange(path, before?.DeepClone(), after?.DeepClone()));
                }

                break;
        }
    }

    /// <summary>A list whose items are all objects with distinct text ids, by id; otherwise null (compared by position).</summary>
    private static Dictionary<string, JsonNode>? ById(JsonArray items)
    {
        var byId = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (item is not JsonObject o || o["id"] is not JsonValue v || !v.TryGetValue<string>(out var id) || !byId.TryAdd(id, o))
            {
                return null;
            }
        }

        return byId.Count > 0 ? byId : null;
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}
