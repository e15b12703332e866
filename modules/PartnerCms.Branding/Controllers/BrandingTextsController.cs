using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using PartnerCms.Branding.Models;
using PartnerCms.Branding.Services;
using PartnerCms.Core.Content;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Security;

namespace PartnerCms.Branding.Controllers;

public sealed record BrandingTextsPage(
    CultureInfo Culture, BrandingSettings Default, BrandingTexts Form, IReadOnlyDictionary<string, string> Errors, bool Published, ContentScheduleView Schedule, ContentReviewView Review);

/// <summary>
/// The landing-page texts in one culture, edited beside the default culture's: save a draft, send it for review,
/// publish or schedule it. Only enabled cultures other than en-US (whose texts are the branding's own) have a page.
/// </summary>
[Route("partner/branding/texts/{culture}")]
[RequirePermission(BrandingPermissionNames.ManageBranding)]
public sealed class BrandingTextsController(BrandingTextsService texts, BrandingService branding, ContentReviews reviews, ContentScheduler scheduler, ICurrentOrganization currentOrganization) : Controller
{
    private string Organization => currentOrganization.OrganizationId!;

    [HttpGet("")]
    public async Task<IActionResult> Edit([FromRoute] string culture, CancellationToken cancellationToken) =>
        texts.Culture(culture) is { } found ? View("Texts", await PageAsync(found, null, null, cancellationToken: cancellationToken)) : NotFound();

    [HttpPost("")]
    public async Task<IActionResult> Save([FromRoute] string culture, [FromForm] BrandingTexts form, CancellationToken cancellationToken)
    {
        if (texts.Culture(culture) is not { } found)
        {
            return NotFound();
        }

        var errors = await texts.SaveDraftAsync(Organization, found, form, User.Identity!.Name!, cancellationToken);
        if (errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Texts", await PageAsync(found, form, errors, cancellationToken: cancellationToken));
        }

        TempData["Status"] = $"Draft of the {found.EnglishName} texts saved. Visitors see the published ones until you publish.";
        return RedirectToAction(nameof(Edit), new { culture = found.Name });
    }

    [HttpPost("publish")]
    public async Task<IActionResult> Publish([FromRoute] string culture, CancellationToken cancellationToken)
    {
        if (texts.Culture(culture) is not { } found)
        {
            return NotFound();
        }

        if (await texts.PublishAsync(Organization, found, User.Identity!.Name!, cancellationToken) is { } error)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Texts", await PageAsync(found, null, null, reviewError: error, cancellationToken: cancellationToken));
        }

        TempData["Status"] = $"The {found.EnglishName} texts are published: visitors who read {found.NativeName} see them now.";
        return RedirectToAction(nameof(Edit), new { culture = found.Name });
    }

    [HttpPost("schedule")]
    public async Task<IActionResult> Schedule([FromRoute] string culture, DateTime? publishAt, DateTime? unpublishAt, CancellationToken cancellationToken)
    {
        if (texts.Culture(culture) is not { } found)
        {
            return NotFound();
        }

        var action = publishAt is not null || (unpublishAt is null && !Request.Form.ContainsKey("unpublishAt")) ? ScheduledContentAction.Publish : ScheduledContentAction.Unpublish;
        var at = publishAt ?? unpublishAt;
        var latest = await texts.LatestAsync(Organization, found, cancellationToken);
        var error = at is null ? "Choose the date and time (UTC)."
            : latest is null ? "There is no draft to schedule: save a draft first."
            : (await scheduler.ScheduleAsync(latest, action, DateTime.SpecifyKind(at.Value, DateTimeKind.Utc), User.Identity!.Name!, cancellationToken)).Error;
        if (error is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Texts", await PageAsync(found, null, null, action == ScheduledContentAction.Publish ? error : null, action == ScheduledContentAction.Unpublish ? error : null, cancellationToken: cancellationToken));
        }

        TempData["Status"] = action == ScheduledContentAction.Publish
            ? $"The draft will be published on {at:yyyy-MM-dd} at {at:HH:mm} UTC. Editing it cancels this."
            : $"The {found.EnglishName} texts will be taken down on {at:yyyy-MM-dd} at {at:HH:mm} UTC; visitors get the default texts from then on.";
        return RedirectToAction(nameof(Edit), new { culture = found.Name });
    }

    [HttpPost("schedule/cancel")]
    public async Task<IActionResult> CancelSchedule([FromRoute] string culture, [FromForm(Name = "action")] string? action, CancellationToken cancellationToken)
    {
        if (texts.Culture(culture) is not { } found)
        {
            return NotFound();
        }

        var which = string.Equals(action, "unpublish", StringComparison.OrdinalIgnoreCase) ? ScheduledContentAction.Unpublish : ScheduledContentAction.Publish;
        var latest = await texts.LatestAsync(Organization, found, cancellationToken);
        TempData["Status"] = latest is not null && await scheduler.CancelAsync(latest, which, User.Identity!.Name!, cancellationToken: cancellationToken)
            ? "The schedule was cancelled." : "Nothing was scheduled.";
        return RedirectToAction(nameof(Edit), new { culture = found.Name });
    }

    [HttpPost("review")]
    public async Task<IActionResult> Review([FromRoute] string culture, string? step, string? comment, CancellationToken cancellationToken)
    {
        if (texts.Culture(culture) is not { } found)
        {
            return NotFound();
        }

        var (error, status) = await reviews.TakeStepAsync(await texts.LatestAsync(Organization, found, cancellationToken), step, User.Identity!.Name!, comment, cancellationToken);
        if (error is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Texts", await PageAsync(found, null, null, reviewError: error, cancellationToken: cancellationToken));
        }

        TempData["Status"] = status;
        return RedirectToAction(nameof(Edit), new { culture = found.Name });
    }

    private async Task<BrandingTextsPage> PageAsync(
        CultureInfo culture, BrandingTexts? form, IReadOnlyDictionary<string, string>? errors, string? publishError = null, string? unpublishError = null, string? reviewError = null, CancellationToken cancellationToken = default)
    {
        var state = await branding.LoadAsync(Organization, cancellationToken);
        var latest = await texts.LatestAsync(Organization, culture, cancellationToken);
        return new BrandingTextsPage(
            culture, state.Published ?? state.Draft, form ?? latest?.Get<BrandingTexts>() ?? new BrandingTexts { Culture = culture.Name }, errors ?? new Dictionary<string, string>(StringComparer.Ordinal),
            await texts.PublishedAsync(Organization, culture, cancellationToken) is not null,
            await texts.ScheduleViewAsync(Organization, culture, publishError, unpublishError, cancellationToken),
            await reviews.ViewAsync($"/partner/branding/texts/{culture.Name}", Organization, latest, reviewError, cancellationToken));
    }
}
