using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using PartnerCms.Core.Content;
using PartnerCms.Core.Liquid;
using PartnerCms.Core.Security;
using PartnerCms.Core.Versioning;
using PartnerCms.Templates.Services;
using PartnerCms.Templates.ViewModels;

namespace PartnerCms.Templates.Controllers;

/// <summary>The editor marketing staff use: edit with syntax checks, preview with sample data, publish, history, diff, restore.</summary>
[Route("partner/templates")]
[RequirePermission(TemplatesPermissionNames.ManageMessageTemplates)]
public sealed class MessageTemplatesController(MessageTemplateService templates, LiquidTemplateService liquid, ContentReviews reviews) : Controller
{
    private string OrganizationId => User.GetOrganizationId()!;

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var rows = new List<TemplateListRow>();
        foreach (var kind in templates.Kinds)
        {
            rows.Add(new TemplateListRow(kind, await templates.StateAsync(OrganizationId, kind.Name, cancellationToken))
            {
                Languages = await templates.LanguagesAsync(OrganizationId, kind.Name, cancellationToken),
            });
        }

        return View(rows);
    }

    [HttpGet("{kind}")]
    public async Task<IActionResult> Edit([FromRoute] string kind, CancellationToken cancellationToken)
    {
        var state = await templates.GetAsync(OrganizationId, kind, cancellationToken);
        if (state is null)
        {
            return NotFound();
        }

        var culture = templates.CultureOf(kind);
        return View(new TemplateEditor
        {
            Culture = culture,
            Languages = culture is null ? await templates.LanguagesAsync(OrganizationId, kind, cancellationToken) : [],
            DefaultText = culture is null ? null : (await templates.GetPublishedInCultureAsync(OrganizationId, MessageTemplateService.BaseKind(kind), null, cancellationToken)).Template?.Part,
            Kind = state.Kind,
            Subject = state.Current.Subject,
            Body = state.Current.Body,
            Version = state.Item?.Version ?? 0,
            IsDefault = state.IsDefault,
            HasDraft = state.Item is { Published: false },
            Schedule = await templates.ScheduleViewAsync(OrganizationId, kind, cancellationToken: cancellationToken),
            Review = await reviews.ViewAsync($"/partner/templates/{kind}", OrganizationId, state.Item, cancellationToken: cancellationToken),
        });
    }

    [HttpPost("{kind}")]
    public async Task<IActionResult> Save([FromRoute] string kind, string? subject, string? body, int version, CancellationToken cancellationToken)
    {
        var state = await templates.GetAsync(OrganizationId, kind, cancellationToken);
        if (state is null)
        {
            return NotFound();
        }

        var result = await templates.SaveDraftAsync(OrganizationId, kind, subject ?? string.Empty, body ?? string.Empty, version, User.Identity?.Name ?? "unknown", cancellationToken);
        if (!result.Succeeded)
        {
            return await InvalidAsync(state, subject, body, version, result.Errors, cancellationToken);
        }

        TempData["Status"] = $"Draft saved as version {result.Version}. Customers still get the published version until you publish."
            + (result.ScheduleCancelled ? " The scheduled publication was cancelled because the draft changed: schedule it again." : string.Empty);
        return RedirectToAction(nameof(Edit), new { kind });
    }

    [HttpPost("{kind}/preview")]
    [EnableRateLimiting(Startup.PreviewRateLimit)]
    public async Task<IActionResult> Preview([FromRoute] string kind, string? subject, string? body, int version, CancellationToken cancellationToken)
    {
        var state = await templates.GetAsync(OrganizationId, kind, cancellationToken);
        if (state is null)
        {
            return NotFound();
        }

        var editor = Editor(state, subject, body, version);
        editor.Errors = templates.Check(editor.Subject, editor.Body);
        if (editor.Errors.Count == 0)
        {
            var model = state.Kind.SampleModel();
            using var forPartner = LiquidOrganization.Use(OrganizationId);
            foreach (var field in new[] { "Subject", "Body" })
            {
                try
                {
                    var rendered = await liquid.RenderAsync(field == "Subject" ? editor.Subject : editor.Body, model, html: false, cancellationToken: cancellationToken);
                    _ = field == "Subject" ? editor.PreviewSubject = rendered : editor.PreviewBody = rendered;
                }
                catch (LiquidTemplateException ex)
                {
                    editor.Errors = [(field, ex.Error)];
                    break;
                }
            }
        }

        if (editor.Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return View("Edit", editor);
    }

    [HttpPost("{kind}/publish")]
    public async Task<IActionResult> Publish([FromRoute] string kind, CancellationToken cancellationToken)
    {
        var state = await templates.GetAsync(OrganizationId, kind, cancellationToken);
        if (state is null)
        {
            return NotFound();
        }

        var result = await templates.PublishAsync(OrganizationId, kind, User.Identity?.Name ?? "unknown", cancellationToken);
        if (!result.Succeeded)
        {
            return await InvalidAsync(state, state.Current.Subject, state.Current.Body, state.Item?.Version ?? 0, result.Errors, cancellationToken);
        }

        TempData["Status"] = $"Version {result.Version} is published: new messages use it.";
        return RedirectToAction(nameof(Edit), new { kind });
    }

    /// <summary>Schedules the draft's publication (publishAt) or the template's unpublication (unpublishAt), UTC.</summary>
    [HttpPost("{kind}/schedule")]
    public async Task<IActionResult> Schedule([FromRoute] string kind, DateTime? publishAt, DateTime? unpublishAt, CancellationToken cancellationToken)
    {
        var state = await templates.GetAsync(OrganizationId, kind, cancellationToken);
        if (state is null)
        {
            return NotFound();
        }

        var by = User.Identity?.Name ?? "unknown";
        if (publishAt is null && unpublishAt is null)
        {
            var field = Request.HasFormContentType && Request.Form.ContainsKey("unpublishAt") ? "UnpublishAt" : "PublishAt";
            return await InvalidAsync(state, state.Current.Subject, state.Current.Body, state.Item?.Version ?? 0, [(field, new LiquidError("Choose the date and time (UTC).", 0, 0))], cancellationToken);
        }

        var at = DateTime.SpecifyKind((publishAt ?? unpublishAt)!.Value, DateTimeKind.Utc);
        var result = publishAt is not null
            ? await templates.SchedulePublishAsync(OrganizationId, kind, at, by, cancellationToken)
            : await templates.ScheduleUnpublishAsync(OrganizationId, kind, at, by, cancellationToken);
        if (!result.Succeeded)
        {
            return await InvalidAsync(state, state.Current.Subject, state.Current.Body, state.Item?.Version ?? 0, result.Errors, cancellationToken);
        }

        TempData["Status"] = publishAt is not null
            ? $"Version {result.Version} will be published on {at:yyyy-MM-dd} at {at:HH:mm} UTC. Editing the draft cancels this."
            : $"Your template will be taken down on {at:yyyy-MM-dd} at {at:HH:mm} UTC; messages use the default from then on.";
        return RedirectToAction(nameof(Edit), new { kind });
    }

    /// <summary>Cancels the scheduled publication (action=publish, the default) or unpublication (action=unpublish).</summary>
    [HttpPost("{kind}/schedule/cancel")]
    public async Task<IActionResult> CancelSchedule([FromRoute] string kind, [FromForm(Name = "action")] string? action, CancellationToken cancellationToken)
    {
        if (templates.Kind(kind) is null)
        {
            return NotFound();
        }

        var which = string.Equals(action, "unpublish", StringComparison.OrdinalIgnoreCase) ? ScheduledContentAction.Unpublish : ScheduledContentAction.Publish;
        TempData["Status"] = await templates.CancelScheduleAsync(OrganizationId, kind, which, User.Identity?.Name ?? "unknown", cancellationToken)
            ? which == ScheduledContentAction.Publish ? "The scheduled publication was cancelled; the draft is kept." : "The scheduled unpublication was cancelled; the template stays published."
            : "Nothing was scheduled.";
        return RedirectToAction(nameof(Edit), new { kind });
    }

    /// <summary>Review before publishing: step=request (send the draft), approve, or changes (with a comment).</summary>
    [HttpPost("{kind}/review")]
    public async Task<IActionResult> Review([FromRoute] string kind, string? step, string? comment, CancellationToken cancellationToken)
    {
        var state = await templates.GetAsync(OrganizationId, kind, cancellationToken);
        if (state is null)
        {
            return NotFound();
        }

        var (error, status) = await reviews.TakeStepAsync(state.Item, step, User.Identity?.Name ?? "unknown", comment, cancellationToken);
        if (error is not null)
        {
            return await InvalidAsync(state, state.Current.Subject, state.Current.Body, state.Item?.Version ?? 0, [("Review", new LiquidError(error, 0, 0))], cancellationToken);
        }

        TempData["Status"] = status;
        return RedirectToAction(nameof(Edit), new { kind });
    }

    [HttpGet("{kind}/history")]
    public async Task<IActionResult> History([FromRoute] string kind, CancellationToken cancellationToken)
    {
        var state = await templates.GetAsync(OrganizationId, kind, cancellationToken);
        if (state is null)
        {
            return NotFound();
        }

        var reviewed = state.Item is null ? new Dictionary<int, IReadOnlyList<ContentReview>>() : await reviews.ByVersionAsync(state.Item.ContentItemId, cancellationToken);
        return View(new HistoryViewModel(state.Kind, await templates.HistoryAsync(OrganizationId, kind, cancellationToken), reviewed));
    }

    [HttpGet("{kind}/diff")]
    public async Task<IActionResult> Diff([FromRoute] string kind, int from, int to, CancellationToken cancellationToken)
    {
        var state = await templates.GetAsync(OrganizationId, kind, cancellationToken);
        var history = state is null ? [] : await templates.HistoryAsync(OrganizationId, kind, cancellationToken);
        var a = history.FirstOrDefault(v => v.Version == from);
        var b = history.FirstOrDefault(v => v.Version == to);
        if (state is null || a is null || b is null)
        {
            return NotFound();
        }

        return View(new DiffViewModel(state.Kind, from, to, Differences.Lines(a.Subject, b.Subject), Differences.Lines(a.Body, b.Body)));
    }

    [HttpPost("{kind}/restore")]
    public async Task<IActionResult> Restore([FromRoute] string kind, int version, CancellationToken cancellationToken)
    {
        var state = await templates.GetAsync(OrganizationId, kind, cancellationToken);
        if (state is null)
        {
            return NotFound();
        }

        var result = await templates.RestoreAsync(OrganizationId, kind, version, User.Identity?.Name ?? "unknown", cancellationToken);
        if (!result.Succeeded)
        {
            TempData["Error"] = string.Join(" ", result.Errors.Select(e => e.Error.ToString()));
            return RedirectToAction(nameof(History), new { kind });
        }

        TempData["Status"] = $"Version {version} was restored as draft version {result.Version}. Publish it to use it.";
        return RedirectToAction(nameof(Edit), new { kind });
    }

    private static TemplateEditor Editor(TemplateState state, string? subject, string? body, int version) => new()
    {
        Kind = state.Kind,
        Subject = subject ?? string.Empty,
        Body = body ?? string.Empty,
        Version = version,
        IsDefault = state.IsDefault,
        HasDraft = state.Item is { Published: false },
    };

    private async Task<ViewResult> InvalidAsync(TemplateState state, string? subject, string? body, int version, IReadOnlyList<(string Field, LiquidError Error)> errors, CancellationToken cancellationToken)
    {
        var editor = Editor(state, subject, body, version);
        editor.Errors = errors;
        editor.Schedule = await templates.ScheduleViewAsync(
            OrganizationId, state.Kind.Name,
            errors.FirstOrDefault(e => e.Field == "PublishAt").Error?.Message, errors.FirstOrDefault(e => e.Field == "UnpublishAt").Error?.Message, cancellationToken);
        editor.Review = await reviews.ViewAsync($"/partner/templates/{state.Kind.Name}", OrganizationId, state.Item, errors.FirstOrDefault(e => e.Field == "Review").Error?.Message, cancellationToken);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("Edit", editor);
    }
}
