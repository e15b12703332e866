using System.Text.Json.Nodes;

namespace PartnerCms.Core.Versioning;

/// <summary>
/// One value that differs between two JSON documents: its path (names and, in a list of objects with ids, the id in
/// brackets — <c>activities[send].settings.subject</c>), and the value before and after (null: it was added or removed).
/// </summary>
public sealed record FieldChange(string Path, JsonNode? Before, JsonNode? After)
{
    public bool Added => Before is null && After is not null;

    public bool Removed => After is null && Before is not null;
}
