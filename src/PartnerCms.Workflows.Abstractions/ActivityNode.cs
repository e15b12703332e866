using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace PartnerCms.Workflows.Abstractions;

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
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? X { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Y { get; set; }
}
