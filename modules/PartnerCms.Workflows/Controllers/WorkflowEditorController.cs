using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Data;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Security;
using PartnerCms.Workflows.Abstractions;
using PartnerCms.Workflows.Models;
using PartnerCms.Workflows.Services;

namespace PartnerCms.Workflows.Controllers;

/// <summary>What the editor page loads: the palette (activity types with their forms), roles, and the workflow's draft or published definition.</summary>
public sealed record EditorPage(WorkflowType Type, string BootJson);

public sealed record VersionsPage(WorkflowType Type, IReadOnlyList<WorkflowVersion> Versions, int? From, int? To, IReadOnlyList<string>? Differences);

/// <summary>The editor's requests: a definition (the canvas) and the draft revision it started from.</summary>
public sealed class DraftRequest
{
    public WorkflowDefinition? Definition { get; set; }

    public int Revision { get; set; }
}

public sealed class DryRunRequest
{
    public WorkflowDefinition? Definition { get; set; }

    public string? EventType { get; set; }

    public JsonObject? Input { get; set; }
}

/// <summary>
/// The workflow editor: a canvas of the activities the installed modules contribute, a settings form per
/// activity checked on the server as it is typed, drafts saved explicitly and automatically with conflict detection, a
/// version per publish with differences and restore, and a dry run on a sample event that performs nothing.
/// </summary>
[Route("partner/workflows")]
[RequirePermission(WorkflowPermissionNames.ManageWorkflows)]
public sealed class WorkflowEditorController(
    PartnerCmsDbContext db, WorkflowDefinitionStore store, WorkflowValidator validator, WorkflowRunner runner, ActivityCatalog catalog, RoleCatalog roles, ICurrentOrganization currentOrganization) : Controller
{
    private const long MaxBody = 1024 * 1024;

    /// <summary>A new, empty workflow (no version yet) opened in the editor.</summary>
    [HttpPost("new")]
    public async Task<IActionResult> New([FromForm] string? name, CancellationToken cancellationToken)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200 || name.Any(char.IsControl))
        {
            TempData["Error"] = "Give the new workflow a name of at most 200 characters.";
            return RedirectToAction(nameof(WorkflowsController.Index), "Workflows");
        }

        if (await db.Set<WorkflowType>().AnyAsync(t => t.Name == name, cancellationToken))
        {
            TempData["Error"] = $"There is already a workflow named '{name}'.";
            return RedirectToAction(nameof(WorkflowsController.Index), "Workflows");
        }

        WorkflowType type;
        try
        {
            type = await store.CreateDraftAsync(currentOrganization.OrganizationId!, name, User.Identity!.Name!, cancellationToken);
        }
        catch (DbUpdateException)
        {
            TempData["Error"] = $"There is already a workflow named '{name}'.";
            return RedirectToAction(nameof(WorkflowsController.Index), "Workflows");
        }

        return RedirectToAction(nameof(Editor), new { id = type.Id });
    }

    [HttpGet("{id}/editor")]
    public async Task<IActionResult> Editor(string id, CancellationToken cancellationToken)
    {
        var type = await FindAsync(id, cancellationToken);
        if (type is null)
        {
            return NotFound();
        }

        var published = type.Version > 0 ? await store.DefinitionAsync(type.Id, type.Version, cancellationToken) : null;
        var draft = await store.DraftAsync(type.Id, cancellationToken);
        var definition = draft.Definition ?? published ?? new WorkflowDefinition();
        var organizationKind = await db.Organizations.Where(o => o.Id == type.OrganizationId).Select(o => o.Kind).FirstAsync(cancellationToken);
        var boot = new
        {
            id = type.Id,
            name = type.Name,
            version = type.Version,
            enabled = type.Enabled,
            hasDraft = draft.Definition is not null,
            revision = draft.Revision,
            savedBy = draft.SavedBy,
            savedUtc = draft.SavedUtc,
            definition,
            roles = roles.For(organizationKind).Select(r => new { r.Name, r.DisplayName }),
            customerRoles = roles.For(OrganizationKind.Customer).Select(r => new { r.Name, r.DisplayName }),
            activities = catalog.All.OrderBy(a => a.Category, StringComparer.CurrentCulture).ThenBy(a => a.DisplayName, StringComparer.CurrentCulture).Select(a => new
            {
                a.Type,
                a.DisplayName,
                a.Category,
                a.Description,
                a.Outcomes,
                a.IsEvent,
                Fields = ActivityFields.Of(a.SettingsType),
            }),
        };
        return View("Editor", new EditorPage(type, JsonSerializer.Serialize(boot, BootJson)));
    }

    /// <summary>Checks a whole canvas: errors per activity and field, and about the workflow as a whole.</summary>
    [HttpPost("{id}/validate")]
    [RequestSizeLimit(MaxBody)]
    public async Task<IActionResult> Validate(string id, [FromBody] DraftRequest? request, CancellationToken cancellationToken)
    {
        var type = await FindAsync(id, cancellationToken);
        if (type is null)
        {
            return NotFound();
        }

        return request?.Definition is null ? Problem("Send the workflow's definition.") : Json(Check(type, request.Definition));
    }

    [HttpPost("{id}/draft")]
    [RequestSizeLimit(MaxBody)]
    public async Task<IActionResult> SaveDraft(string id, [FromBody] DraftRequest? request, CancellationToken cancellationToken)
    {
        var type = await FindAsync(id, cancellationToken);
        if (type is null)
        {
            return NotFound();
        }

        var refused = request?.Definition is null ? "Send the workflow's definition." : Shape(request.Definition);
        if (refused is not null)
        {
            return Problem(refused);
        }

        var (saved, current) = await store.SaveDraftAsync(type, request!.Definition!, request.Revision, User.Identity!.Name!, cancellationToken);
        return saved
            ? Json(new { revision = current.Revision, savedBy = current.SavedBy, savedUtc = current.SavedUtc })
            : Conflict(current);
    }

    /// <summary>Who saved the draft last (the editor asks every little while, to tell its user when a colleague saved).</summary>
    [HttpGet("{id}/draft-state")]
    public async Task<IActionResult> DraftState(string id, CancellationToken cancellationToken)
    {
        var type = await FindAsync(id, cancellationToken);
        if (type is null)
        {
            return NotFound();
        }

        var draft = await store.DraftAsync(type.Id, cancellationToken);
        return Json(new { revision = draft.Revision, savedBy = draft.SavedBy, savedUtc = draft.SavedUtc, version = type.Version });
    }

    /// <summary>Publishes the canvas as a new version (refused while any activity's settings are invalid); the draft is then gone.</summary>
    [HttpPost("{id}/publish")]
    [RequestSizeLimit(MaxBody)]
    public async Task<IActionResult> Publish(string id, [FromBody] DraftRequest? request, CancellationToken cancellationToken)
    {
        var type = await FindAsync(id, cancellationToken);
        if (type is null)
        {
            return NotFound();
        }

        if (request?.Definition is null)
        {
            return Problem("Send the workflow's definition.");
        }

        var check = Check(type, request.Definition);
        if (!check.Valid)
        {
            return BadRequest(check);
        }

        var (claimed, saved, errors, current) = await store.PublishDraftAsync(type, request.Definition, request.Revision, User.Identity!.Name!, cancellationToken);
        if (!claimed)
        {
            return Conflict(current);
        }

        if (saved is null)
        {
            return BadRequest(new { valid = false, errors, activities = new Dictionary<string, object>(StringComparer.Ordinal) });
        }

        return Json(new { version = saved.Version, revision = current.Revision, message = $"Version {saved.Version} published. Runs under way finish on the version they started with." });
    }

    /// <summary>Runs the canvas on a sample event without doing anything; answers with the journal it would write.</summary>
    [HttpPost("{id}/dry-run")]
    [RequestSizeLimit(MaxBody)]
    public async Task<IActionResult> DryRun(string id, [FromBody] DryRunRequest? request, CancellationToken cancellationToken)
    {
        var type = await FindAsync(id, cancellationToken);
        if (type is null)
        {
            return NotFound();
        }

        if (request?.Definition is null || string.IsNullOrEmpty(request.EventType))
        {
            return Problem("Send the definition and the event to try it on.");
        }

        var check = Check(type, request.Definition);
        if (!check.Valid)
        {
            return BadRequest(check);
        }

        if (!request.Definition.Activities.Any(a => a.Start && a.Type == request.EventType))
        {
            return Problem($"No start activity of this workflow waits for {request.EventType}.");
        }

        var input = (ActivityContext.Plain(request.Input ?? []) as Dictionary<string, object?>) ?? [];
        var (journal, status, fault) = await runner.DryRunAsync(type.OrganizationId, type.Name, request.Definition, request.EventType, input, cancellationToken);
        return Json(new { status = status.ToString(), fault, journal }, WorkflowJson.Options);
    }

    /// <summary>Recent real events of the organization to try the workflow on.</summary>
    [HttpGet("{id}/samples")]
    public async Task<IActionResult> Samples(string id, [FromQuery(Name = "event")] string? eventType, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, cancellationToken) is null)
        {
            return NotFound();
        }

        var activity = catalog.Find(eventType ?? string.Empty);
        if (activity is not { IsEvent: true })
        {
            return Problem("Choose an event.", statusCode: StatusCodes.Status404NotFound);
        }

        var samples = await activity.SamplesAsync(currentOrganization.OrganizationId!, cancellationToken);
        return Json(samples.Select(s => new { label = s.Label, input = s.Input }), WorkflowJson.Options);
    }

    [HttpGet("{id}/versions")]
    public async Task<IActionResult> Versions(string id, [FromQuery] int? from, [FromQuery] int? to, CancellationToken cancellationToken)
    {
        var type = await FindAsync(id, cancellationToken);
        if (type is null)
        {
            return NotFound();
        }

        var versions = await store.VersionsAsync(type.Id, cancellationToken);
        IReadOnlyList<string>? differences = null;
        if (from is { } a && to is { } b)
        {
            var left = versions.FirstOrDefault(v => v.Version == a);
            var right = versions.FirstOrDefault(v => v.Version == b);
            if (left is null || right is null)
            {
                Response.StatusCode = StatusCodes.Status400BadRequest;
                TempData["Error"] = "Choose two versions of this workflow.";
            }
            else
            {
                differences = WorkflowDifferences.Between(left.Definition, right.Definition);
            }
        }

        return View("Versions", new VersionsPage(type, versions, from, to, differences));
    }

    /// <summary>Publishes an older version again, as the newest (the history stays).</summary>
    [HttpPost("{id}/versions/{version:int}/restore")]
    public async Task<IActionResult> Restore(string id, int version, CancellationToken cancellationToken)
    {
        var type = await FindAsync(id, cancellationToken);
        if (type is null)
        {
            return NotFound();
        }

        var definition = await store.DefinitionAsync(type.Id, version, cancellationToken);
        if (definition is null)
        {
            return NotFound();
        }

        var (saved, errors) = await store.SaveAsync(type.OrganizationId, type.Id, type.Name, definition, type.Enabled, User.Identity!.Name!, cancellationToken);
        TempData[saved is null ? "Error" : "Status"] = saved is null
            ? $"Version {version} no longer validates: {string.Join(" ", errors)}"
            : $"Version {version} restored as version {saved.Version}.";
        return RedirectToAction(nameof(Versions), new { id = type.Id });
    }

    private ObjectResult Conflict(WorkflowDraft current) => StatusCode(StatusCodes.Status409Conflict, new
    {
        title = "Someone else saved this workflow",
        detail = $"{current.SavedBy} saved it at {current.SavedUtc:HH:mm:ss} UTC after you opened it. Reload to see their changes (copy yours first), or keep editing and save again to replace theirs.",
        revision = current.Revision,
        savedBy = current.SavedBy,
    });

    private ObjectResult Problem(string? detail) => Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "The request could not be used");

    private sealed record CheckResult(bool Valid, IReadOnlyList<string> Errors, Dictionary<string, Dictionary<string, List<string>>> Activities);

    /// <summary>Errors by activity and field, and those about the whole workflow (transitions, start, ids).</summary>
    private CheckResult Check(WorkflowType type, WorkflowDefinition definition)
    {
        var byActivity = new Dictionary<string, Dictionary<string, List<string>>>(StringComparer.Ordinal);
        foreach (var node in definition.Activities.Where(n => !string.IsNullOrEmpty(n.Id)).DistinctBy(n => n.Id, StringComparer.Ordinal).Take(WorkflowValidator.MaxActivities))
        {
            var errors = validator.ValidateActivity(type.OrganizationId, node.Type, node.Settings);
            if (errors.Count > 0)
            {
                byActivity[node.Id] = errors;
            }
        }

        // The engine's own check, less what is already said per activity ("id: …" lines).
        var general = validator.Validate(definition, type.OrganizationId).Where(e => !byActivity.Keys.Any(id => e.StartsWith(id + ": ", StringComparison.Ordinal))).ToList();
        if (Shape(definition) is { } shape)
        {
            general.Insert(0, shape);
        }

        return new CheckResult(general.Count == 0 && byActivity.Count == 0, general, byActivity);
    }

    private static string? Shape(WorkflowDefinition definition) =>
        definition.Activities.Count > WorkflowValidator.MaxActivities ? $"A workflow has at most {WorkflowValidator.MaxActivities} activities."
        : definition.Transitions.Count > WorkflowValidator.MaxActivities * 4 ? "Too many connections."
        : definition.Activities.Any(a => a.Settings.ToJsonString().Length > 64 * 1024) ? "An activity's settings are longer than 64 KB."
        : null;

    private Task<WorkflowType?> FindAsync(string id, CancellationToken cancellationToken) =>
        id.Length > 64 ? Task.FromResult<WorkflowType?>(null) : db.Set<WorkflowType>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);

    private static WorkflowDefinition? Read(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<WorkflowDefinition>(json, WorkflowJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static readonly JsonSerializerOptions BootJson = new(WorkflowJson.Options) { WriteIndented = false };
}
