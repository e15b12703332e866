using System.Text.Json;
using System.Text.Json.Serialization;

namespace PartnerCms.Workflows.Abstractions;

/// <summary>How definitions, settings, state and event payloads are written: web names, enums as names, no unknown members.</summary>
public static class WorkflowJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
    };
}
