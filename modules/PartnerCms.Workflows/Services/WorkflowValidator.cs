using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PartnerCms.Core.Liquid;
using PartnerCms.Workflows.Abstractions;

namespace PartnerCms.Workflows.Services;

/// <summary>
/// Checks a definition before it is saved (the editor, the recipe step and publishing all ask it): known activity types,
/// settings each activity accepts (its errors keyed by setting), transitions between existing activities on outcomes they
/// have, at least one start event.
/// </summary>
public sealed partial class WorkflowValidator(ActivityCatalog catalog, LiquidTemplateService liquid)
{
    public const int MaxActivities = 200;

    /// <summary>Checks a definition before it is saved: known activity types, valid settings, transitions between existing activities on outcomes they have, at least one start event.</summary>
    public IReadOnlyList<string> Validate(WorkflowDefinition definition, string organizationId)
    {
        var errors = new List<string>();
        if (definition.Activities.Count == 0)
        {
            errors.Add("The workflow has no activities.");
        }

        if (definition.Activities.Count > MaxActivities)
        {
            errors.Add($"A workflow has at most {MaxActivities} activities.");
        }

        var context = new WorkflowValidationContext(liquid, organizationId);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in definition.Activities)
        {
            if (!ActivityId().IsMatch(node.Id ?? string.Empty))
            {
                errors.Add($"'{Shorten(node.Id)}' is not an activity id: use 1–64 letters, digits, '-' or '_'.");
                continue;
            }

            if (!ids.Add(node.Id!))
            {
                errors.Add($"Two activities have the id '{node.Id}'.");
            }

            var activity = catalog.Find(node.Type ?? string.Empty);
            if (activity is null)
            {
                errors.Add($"{node.Id}: there is no activity type '{Shorten(node.Type)}' (is its module on?).");
                continue;
            }

            if (node.Start && !activity.IsEvent)
            {
                errors.Add($"{node.Id}: only an event can start a workflow; {activity.DisplayName} is not one.");
            }

            try
            {
                errors.AddRange(activity.Validate(activity.ReadSettings(node.Settings), context).Select(e => $"{node.Id}: {e}"));
            }
            catch (JsonException ex)
            {
                errors.Add($"{node.Id}: the settings do not fit {activity.DisplayName}: {ex.Message}");
            }
        }

        if (!definition.Activities.Any(a => a.Start))
        {
            errors.Add("Mark at least one event activity as the start.");
        }

        foreach (var transition in definition.Transitions)
        {
            var from = definition.Activities.FirstOrDefault(a => a.Id == transition.From);
            if (from is null || !definition.Activities.Any(a => a.Id == transition.To))
            {
                errors.Add($"The transition {Shorten(transition.From)} → {Shorten(transition.To)} joins an activity that does not exist.");
                continue;
            }

            if (catalog.Find(from.Type) is { } activity && !activity.Outcomes.Contains(transition.Outcome, StringComparer.Ordinal))
            {
                errors.Add($"{from.Id} has no outcome '{Shorten(transition.Outcome)}' (it has {string.Join(", ", activity.Outcomes)}).");
            }
        }

        return errors;
    }

    /// <summary>The errors of one activity's settings, by field ("" for the activity as a whole); empty when valid.</summary>
    public Dictionary<string, List<string>> ValidateActivity(string organizationId, string type, JsonObject? settings)
    {
        var activity = catalog.Find(type);
        if (activity is null)
        {
            return new(StringComparer.Ordinal) { [string.Empty] = [$"There is no activity type '{Shorten(type)}' (is its module on?)."] };
        }

        try
        {
            var errors = activity.Validate(activity.ReadSettings(settings), new WorkflowValidationContext(liquid, organizationId));
            return ActivityFields.ByField(activity.SettingsType, errors);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return new(StringComparer.Ordinal) { [string.Empty] = [$"The settings do not fit {activity.DisplayName}: {ex.Message}"] };
        }
    }

    internal static string Shorten(string? text, int length = 60) => text is null ? string.Empty : text.Length <= length ? text : text[..length] + "…";

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.NonBacktracking)]
    private static partial Regex ActivityId();
}
