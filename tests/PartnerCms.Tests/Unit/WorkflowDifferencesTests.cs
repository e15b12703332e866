using System.Text.Json;
using PartnerCms.Workflows.Abstractions;
using PartnerCms.Workflows.Services;

namespace PartnerCms.Tests.Unit;

/// <summary>What changed between two workflow versions, in words, from the shared difference service.</summary>
public sealed class WorkflowDifferencesTests
{
    private static WorkflowDefinition Read(string json) => JsonSerializer.Deserialize<WorkflowDefinition>(json, WorkflowJson.Options)!;

    [Fact]
    public void Activities_are_matched_by_id_so_an_insertion_is_one_change_and_positions_are_not_changes()
    {
        var before = Read("""{ "activities": [ { "id": "start", "type": "OfferAccepted", "start": true, "x": 1 }, { "id": "log", "type": "Log", "settings": { "message": "one" } } ], "transitions": [ { "from": "start", "outcome": "Done", "to": "log" } ] }""");
        var after = Read("""{ "activities": [ { "id": "start", "type": "OfferAccepted", "start": true, "x": 500 }, { "id": "wait", "type": "Timer", "settings": { "duration": "01:00:00" } }, { "id": "log", "type": "Log", "settings": { "message": "two" } } ], "transitions": [ { "from": "start", "outcome": "Done", "to": "wait" } ] }""");

        var changes = WorkflowDifferences.Between(before, after);

        Assert.Equal(
            ["log: message \"one\" → \"two\".", "Added wait (Timer).", "Disconnected start —Done→ log.", "Connected start —Done→ wait."],
            changes);
    }
}
