using System.Text.Json.Nodes;

namespace PartnerCms.Workflows.Abstractions;

/// <summary>A run's state between steps: variables, where it waits, the latest event, the branches that reached each join.</summary>
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
