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

public sealed record WorkflowRow(WorkflowType Type, int Runs, int Faulted, int Halted, int Runs30, int Faulted30, double? AverageMs30);

public sealed record WorkflowListPage(IReadOnlyList<WorkflowRow> Workflows, IReadOnlyList<WorkflowActivity> Activities, string? ImportName, string? ImportJson, IReadOnlyList<string> Errors, string SigningSecret, string StatsJson);

public sealed record WorkflowPage(WorkflowType Type, WorkflowDefinition Definition, string Json, IReadOnlyList<WorkflowInstance> Recent, IReadOnlyList<string> Errors)
{
    /// <summary>An activity type's name in words (the catalogue's display name), or the type itself when its module is off.</summary>
    public Func<string, string> DisplayName { get; init; } = type => type;

    /// <summary>The editor's unpublished draft, if any.</summary>
    public WorkflowDraft? Draft { get; init; }
}

public sealed record InstancesPage(
    IReadOnlyList<(WorkflowInstance Instance, string Workflow)> Instances, WorkflowStatus? Status, string? Workflow, DateOnly? From, DateOnly? To,
    IReadOnlyList<(string Id, string Name)> Workflows, IReadOnlyList<string> Errors);

public sealed record InstancePage(WorkflowInstance Instance, string Workflow, IReadOnlyList<WorkflowJournalEntry> Journal, string BootJson, IReadOnlyDictionary<string, string> Mails);

/// <summary>
/// The organization's workflows for its global administrators: list, enable and disable, import and export JSON, a new
/// version from JSON (running instances finish on theirs), and each run with its journal.
/// </summary>
[Route("partner/workflows")]
[RequirePermission(WorkflowPermissionNames.ManageWorkflows)]
public sealed class WorkflowsController(
    PartnerCmsDbContext db, WorkflowDefinitionStore store, WorkflowValidator validator, WorkflowRunner runner, ActivityCatalog catalog, ICurrentOrganization currentOrganization, Activities.WorkflowSigningSecrets secrets, TimeProvider clock) : Controller
{
    private const int MaxJsonLength = 512 * 1024;

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) => View(await ListAsync(null, null, [], cancellationToken));

    [HttpPost("import")]
    public async Task<IActionResult> Import([FromForm] string? name, [FromForm] string? json, CancellationToken cancellationToken)
    {
        var (definition, error) = Parse(json);
        if (definition is null)
        {
            return await ListInvalidAsync(name, json, [error!], cancellationToken);
        }

        var (type, errors) = await store.SaveAsync(currentOrganization.OrganizationId!, null, name ?? string.Empty, definition, enabled: false, User.Identity!.Name!, cancellationToken);
        if (type is null)
        {
            return await ListInvalidAsync(name, json, errors, cancellationToken);
        }

        TempData["Status"] = $"Workflow '{type.Name}' imported (disabled). Check it, then enable it.";
        return RedirectToAction(nameof(Show), new { id = type.Id });
    }

    [HttpGet("{id}")]
    public async Task<IActionResult> Show(string id, CancellationToken cancellationToken) =>
        await PageAsync(id, null, [], cancellationToken) is { } page ? View("Show", page) : NotFound();

    [HttpGet("{id}/export.json")]
    public async Task<IActionResult> Export(string id, CancellationToken cancellationToken)
    {
        var type = await FindAsync(id, cancellationToken);
        if (type is null)
        {
            return NotFound();
        }

        var definition = await store.DefinitionAsync(type.Id, type.Version, cancellationToken);
        return File(JsonSerializer.SerializeToUtf8Bytes(definition, WorkflowJson.Options), "application/json", $"{Slug(type.Name)}.workflow.json");
    }

    /// <summary>Saves the JSON as a new version (refused with the errors when it does not validate).</summary>
    [HttpPost("{id}")]
    public async Task<IActionResult> Save(string id, [FromForm] string? json, CancellationToken cancellationToken)
    {
        var type = await FindAsync(id, cancellationToken);
        if (type is null)
        {
            return NotFound();
        }

        var (definition, error) = Parse(json);
        IReadOnlyList<string> errors = error is null ? [] : [error];
        if (definition is not null)
        {
            (_, errors) = await store.SaveAsync(type.OrganizationId, type.Id, type.Name, definition, type.Enabled, User.Identity!.Name!, cancellationToken);
        }

        if (errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Show", await PageAsync(id, json, errors, cancellationToken));
        }

        TempData["Status"] = $"Version {type.Version} saved. Runs already under way finish on the version they started with.";
        return RedirectToAction(nameof(Show), new { id = type.Id });
    }

    [HttpPost("{id}/enable")]
    public Task<IActionResult> Enable(string id, CancellationToken cancellationToken) => SetEnabledAsync(id, true, cancellationToken);

    [HttpPost("{id}/disable")]
    public Task<IActionResult> Disable(string id, CancellationToken cancellationToken) => SetEnabledAsync(id, false, cancellationToken);

    [HttpGet("instances")]
    public async Task<IActionResult> Instances([FromQuery] string? status, [FromQuery] string? workflow, [FromQuery] string? from, [FromQuery] string? to, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        WorkflowStatus? wanted = Enum.TryParse<WorkflowStatus>(status, true, out var parsed) && Enum.IsDefined(parsed) ? parsed : null;
        DateOnly? Day(string? text, string name)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
            {
                return day;
            }

            errors.Add($"{name}: give a date as yyyy-mm-dd.");
            return null;
        }

        var fromDay = Day(from, "From");
        var toDay = Day(to, "To");
        var query = db.Set<WorkflowInstance>().AsNoTracking();
        if (wanted is { } s)
        {
            query = query.Where(i => i.Status == s);
        }

        if (!string.IsNullOrEmpty(workflow) && workflow.Length <= 64)
        {
            query = query.Where(i => i.WorkflowTypeId == workflow);
        }

        if (fromDay is { } f)
        {
            var start = f.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(i => i.CreatedUtc >= start);
        }

        if (toDay is { } t)
        {
            var end = t.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(i => i.CreatedUtc < end);
        }

        var rows = await query.OrderByDescending(i => i.CreatedUtc).Take(100)
            .Select(i => new { Instance = i, Workflow = db.Set<WorkflowType>().Where(t => t.Id == i.WorkflowTypeId).Select(t => t.Name).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        var workflows = await db.Set<WorkflowType>().AsNoTracking().OrderBy(t => t.Name).Select(t => new { t.Id, t.Name }).ToListAsync(cancellationToken);
        if (errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return View("Instances", new InstancesPage(rows.Select(r => (r.Instance, r.Workflow ?? "(deleted)")).ToList(), wanted, workflow, fromDay, toDay,
            workflows.Select(w => (w.Id, w.Name)).ToList(), errors));
    }

    [HttpGet("instances/{id}")]
    public async Task<IActionResult> Instance(string id, CancellationToken cancellationToken)
    {
        var instance = id.Length > 64 ? null : await db.Set<WorkflowInstance>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (instance is null)
        {
            return NotFound();
        }

        var name = await db.Set<WorkflowType>().Where(t => t.Id == instance.WorkflowTypeId).Select(t => t.Name).FirstOrDefaultAsync(cancellationToken);
        var journal = WorkflowJournal.Read(instance);
        var definition = await store.DefinitionAsync(instance.WorkflowTypeId, instance.Version, cancellationToken) ?? new WorkflowDefinition();
        var state = JsonSerializer.Deserialize<WorkflowState>(instance.State, WorkflowJson.Options) ?? new WorkflowState();

        // The mails its steps queued, as the outbox has them now.
        var mailIds = journal.Select(j => MailIdOf(j.Input)).OfType<string>().ToList();
        var mails = mailIds.Count > 0 && HttpContext.RequestServices.GetService(typeof(IMailStatusLookup)) is IMailStatusLookup lookup
            ? await lookup.StatusOfAsync(mailIds, cancellationToken)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        var boot = JsonSerializer.Serialize(new
        {
            definition,
            journal = journal.Select(j => new { j.ActivityId, j.Outcome, j.Error }),
            waiting = instance.Status == WorkflowStatus.Halted ? state.Blocking : [],
            activities = catalog.All.Select(a => new { a.Type, a.DisplayName, a.Outcomes, a.IsEvent }),
        }, CompactJson);
        return View("Instance", new InstancePage(instance, name ?? "(deleted)", journal, boot, mails));
    }

    /// <summary>The mail a SendEmail step queued ("mail" in its journal input), if any.</summary>
    public static string? MailIdOf(string? input)
    {
        if (string.IsNullOrEmpty(input) || !input.Contains("\"mail\"", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(input)?["mail"]?.GetValue<string>();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static readonly JsonSerializerOptions CompactJson = new(WorkflowJson.Options) { WriteIndented = false };

    /// <summary>A new signing secret for the HTTP requests of the organization's workflows (receivers must be given it).</summary>
    [HttpPost("signing-secret")]
    public async Task<IActionResult> RotateSecret(CancellationToken cancellationToken)
    {
        await secrets.RotateAsync(currentOrganization.OrganizationId!, cancellationToken);
        TempData["Status"] = "A new signing secret is in use. Give it to the systems that receive your workflows' requests.";
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("instances/{id}/retry")]
    public async Task<IActionResult> Retry(string id, CancellationToken cancellationToken)
    {
        var retried = id.Length <= 64 && await runner.RetryAsync(id, cancellationToken);
        TempData[retried ? "Status" : "Error"] = retried ? "The run went on from the step that failed." : "Only a failed run can be retried.";
        return RedirectToAction(nameof(Instance), new { id });
    }

    [HttpPost("instances/{id}/cancel")]
    public async Task<IActionResult> Cancel(string id, CancellationToken cancellationToken)
    {
        var cancelled = id.Length <= 64 && await runner.CancelAsync(id, cancellationToken);
        TempData[cancelled ? "Status" : "Error"] = cancelled ? "The run is cancelled: it waits for nothing any more." : "Only a waiting or failed run can be cancelled.";
        return RedirectToAction(nameof(Instance), new { id });
    }

    private async Task<IActionResult> SetEnabledAsync(string id, bool enabled, CancellationToken cancellationToken)
    {
        var type = await FindAsync(id, cancellationToken);
        if (type is null)
        {
            return NotFound();
        }

        if (enabled)
        {
            // Only a published version that still validates (a role or a module it names may be gone) can run.
            var definition = type.Version > 0 ? await store.DefinitionAsync(type.Id, type.Version, cancellationToken) : null;
            var errors = definition is null ? ["Publish the workflow first: it has no version yet."] : validator.Validate(definition, type.OrganizationId);
            if (errors.Count > 0)
            {
                TempData["Error"] = "Not enabled: " + string.Join(" ", errors) + " Fix it in the editor and publish.";
                return RedirectToAction(nameof(Show), new { id = type.Id });
            }
        }

        if (enabled && !type.Enabled)
        {
            type.EnabledUtc = clock.GetUtcNow().UtcDateTime;
        }

        type.Enabled = enabled;
        type.UpdatedUtc = clock.GetUtcNow().UtcDateTime;
        type.UpdatedBy = User.Identity!.Name;
        await db.SaveChangesAsync(cancellationToken);
        TempData["Status"] = enabled ? $"'{type.Name}' is enabled: its events start it from now on." : $"'{type.Name}' is disabled: nothing new starts; runs under way go on.";
        return RedirectToAction(nameof(Show), new { id = type.Id });
    }

    private Task<WorkflowType?> FindAsync(string id, CancellationToken cancellationToken) =>
        id.Length > 64 ? Task.FromResult<WorkflowType?>(null) : db.Set<WorkflowType>().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);

    private async Task<WorkflowPage?> PageAsync(string id, string? json, IReadOnlyList<string> errors, CancellationToken cancellationToken)
    {
        var type = await FindAsync(id, cancellationToken);
        if (type is null)
        {
            return null;
        }

        var definition = await store.DefinitionAsync(type.Id, type.Version, cancellationToken) ?? new WorkflowDefinition();
        var recent = await db.Set<WorkflowInstance>().AsNoTracking().Where(i => i.WorkflowTypeId == type.Id).OrderByDescending(i => i.CreatedUtc).Take(20).ToListAsync(cancellationToken);
        return new WorkflowPage(type, definition, json ?? JsonSerializer.Serialize(definition, WorkflowJson.Options), recent, errors)
        {
            DisplayName = activityType => catalog.Find(activityType)?.DisplayName ?? activityType,
            Draft = await store.DraftAsync(type.Id, cancellationToken),
        };
    }

    private async Task<WorkflowListPage> ListAsync(string? name, string? json, IReadOnlyList<string> errors, CancellationToken cancellationToken)
    {
        var types = await db.Set<WorkflowType>().AsNoTracking().OrderBy(t => t.Name).ToListAsync(cancellationToken);
        var counts = await db.Set<WorkflowInstance>().GroupBy(i => new { i.WorkflowTypeId, i.Status }).Select(g => new { g.Key.WorkflowTypeId, g.Key.Status, Count = g.Count() }).ToListAsync(cancellationToken);

        // The last 30 days: runs, failures and the average time their steps took, per workflow and per day.
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var since = today.AddDays(-29).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var recent = await db.Set<WorkflowInstance>().AsNoTracking().Where(i => i.CreatedUtc >= since)
            .GroupBy(i => new { i.WorkflowTypeId, Faulted = i.Status == WorkflowStatus.Faulted, Day = i.CreatedUtc.Date })
            .Select(g => new { g.Key.WorkflowTypeId, g.Key.Faulted, g.Key.Day, Count = g.Count(), Ms = g.Sum(i => i.ActiveMs) })
            .ToListAsync(cancellationToken);
        var rows = types.Select(t =>
        {
            var mine = recent.Where(r => r.WorkflowTypeId == t.Id).ToList();
            var runs = mine.Sum(r => r.Count);
            return new WorkflowRow(t,
                counts.Where(c => c.WorkflowTypeId == t.Id).Sum(c => c.Count),
                counts.Where(c => c.WorkflowTypeId == t.Id && c.Status == WorkflowStatus.Faulted).Sum(c => c.Count),
                counts.Where(c => c.WorkflowTypeId == t.Id && c.Status == WorkflowStatus.Halted).Sum(c => c.Count),
                runs, mine.Where(r => r.Faulted).Sum(r => r.Count), runs == 0 ? null : mine.Sum(r => (double)r.Ms) / runs);
        }).ToList();
        var days = Enumerable.Range(0, 30).Select(d => today.AddDays(d - 29)).ToList();
        var stats = JsonSerializer.Serialize(new
        {
            days = days.Select(d => d.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
            ok = days.Select(d => recent.Where(r => DateOnly.FromDateTime(r.Day) == d && !r.Faulted).Sum(r => r.Count)),
            failed = days.Select(d => recent.Where(r => DateOnly.FromDateTime(r.Day) == d && r.Faulted).Sum(r => r.Count)),
        }, CompactJson);
        return new WorkflowListPage(rows, catalog.All.OrderBy(a => a.Category, StringComparer.CurrentCulture).ThenBy(a => a.DisplayName, StringComparer.CurrentCulture).ToList(), name, json, errors,
            await secrets.SecretOfAsync(currentOrganization.OrganizationId!, cancellationToken), stats);
    }

    private async Task<IActionResult> ListInvalidAsync(string? name, string? json, IReadOnlyList<string> errors, CancellationToken cancellationToken)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("Index", await ListAsync(name, json, errors, cancellationToken));
    }

    private static (WorkflowDefinition? Definition, string? Error) Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return (null, "Paste the workflow's JSON (an export of a workflow).");
        }

        if (json.Length > MaxJsonLength)
        {
            return (null, $"The JSON is longer than {MaxJsonLength / 1024} KB.");
        }

        try
        {
            return (JsonSerializer.Deserialize<WorkflowDefinition>(json, WorkflowJson.Options) ?? new WorkflowDefinition(), null);
        }
        catch (JsonException ex)
        {
            // The reader's own words, without the path and the .NET type names it adds.
            var reason = ex.Message.Split(" Path:", 2)[0].Replace(typeof(WorkflowDefinition).Namespace + ".", string.Empty, StringComparison.Ordinal);
            return (null, ex.LineNumber is { } line ? $"The JSON could not be read (line {line + 1}): {reason}" : $"The JSON could not be read: {reason}");
        }
    }

    private static string Slug(string name) => new(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
}
