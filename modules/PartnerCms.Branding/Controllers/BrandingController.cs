using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using PartnerCms.Branding.Models;
using PartnerCms.Branding.Services;
using PartnerCms.Core.Content;
using PartnerCms.Core.Media;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Security;
using PartnerCms.Landing;

namespace PartnerCms.Branding.Controllers;

public sealed record BrandingPage(BrandingState State, BrandingSettings Form, BrandingCheck Check, IReadOnlyList<(string QuoteId, string Label)> Offers, string? PreviewQuote, string? UploadError, ContentScheduleView Schedule, ContentReviewView Review)
{
    /// <summary>Each enabled culture besides en-US and whether the partner's texts in it are published, drafted or missing.</summary>
    public IReadOnlyList<BrandingCultureState> Cultures { get; init; } = [];

    /// <summary>The partner's media library images to pick the share image from (empty when the media module is off).</summary>
    public IReadOnlyList<MediaChoice> Images { get; init; } = [];
}

/// <summary>
/// The partner's landing-page branding for marketing staff and global administrators: edit the draft (logo, colours,
/// headline, introduction, contacts, an own layout), preview a real offer's landing page with it, publish, restore.
/// </summary>
[Route("partner/branding")]
[RequirePermission(BrandingPermissionNames.ManageBranding)]
public sealed class BrandingController(BrandingService branding, ICurrentOrganization currentOrganization, IServiceProvider services, ContentReviews reviews) : Controller
{
    private string Organization => currentOrganization.OrganizationId!;

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] string? preview, CancellationToken cancellationToken)
    {
        var state = await branding.LoadAsync(Organization, cancellationToken);
        return View("Index", await PageAsync(state, state.Draft, branding.Check(state.Draft), preview, null, cancellationToken));
    }

    [HttpPost("")]
    [RequestSizeLimit(LogoValidator.MaxBytes + 256 * 1024)]
    [RequestFormLimits(MultipartBodyLengthLimit = LogoValidator.MaxBytes + 256 * 1024)]
    public async Task<IActionResult> Save([FromForm] BrandingSettings form, IFormFile? logo, [FromForm] bool removeLogo, [FromForm] string? preview, CancellationToken cancellationToken)
    {
        Normalize(form);
        (byte[] Data, CheckedImage Logo)? upload = null;
        string? uploadError = null;
        if (logo is { Length: > 0 })
        {
            if (logo.Length > LogoValidator.MaxBytes)
            {
                uploadError = $"The logo is {logo.Length / 1024:N0} KB; it may be at most {LogoValidator.MaxBytes / 1024} KB.";
            }
            else
            {
                using var buffer = new MemoryStream();
                await logo.CopyToAsync(buffer, cancellationToken);
                var (checkedLogo, error) = LogoValidator.Check(buffer.ToArray());
                uploadError = error;
                upload = checkedLogo is null ? null : (checkedLogo.Data, checkedLogo);
            }
        }

        var check = uploadError is null
            ? await branding.SaveDraftAsync(Organization, form, upload, removeLogo, User.Identity!.Name!, cancellationToken)
            : await branding.CheckAsync(Organization, form, cancellationToken);
        var state = await branding.LoadAsync(Organization, cancellationToken);
        if (uploadError is not null || !check.Valid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Index", await PageAsync(state, form, check, preview, uploadError, cancellationToken));
        }

        TempData["Status"] = "Draft saved. Preview it with one of your offers, then publish it.";
        return RedirectToAction(nameof(Index), null, new { preview = string.IsNullOrEmpty(preview) ? null : preview }, "preview");
    }

    [HttpPost("publish")]
    public async Task<IActionResult> Publish(CancellationToken cancellationToken)
    {
        var (version, check) = await branding.PublishAsync(Organization, User.Identity!.Name!, cancellationToken);
        TempData[version is null ? "Error" : "Status"] = version is null
            ? "Not published: " + string.Join(" ", check.Errors.Values)
            : $"Version {version} published: your landing pages show it now.";
        return RedirectToAction(nameof(Index));
    }

    /// <summary>Schedules the draft's publication (publishAt) or the branding's unpublication (unpublishAt), UTC.</summary>
    [HttpPost("schedule")]
    public async Task<IActionResult> Schedule(DateTime? publishAt, DateTime? unpublishAt, CancellationToken cancellationToken)
    {
        var action = publishAt is not null || (unpublishAt is null && !Request.Form.ContainsKey("unpublishAt")) ? ScheduledContentAction.Publish : ScheduledContentAction.Unpublish;
        var at = publishAt ?? unpublishAt;
        var error = at is null
            ? "Choose the date and time (UTC)."
            : await branding.ScheduleAsync(Organization, action, DateTime.SpecifyKind(at.Value, DateTimeKind.Utc), User.Identity!.Name!, cancellationToken);
        if (error is not null)
        {
            var state = await branding.LoadAsync(Organization, cancellationToken);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Index", await PageAsync(
                state, state.Draft, branding.Check(state.Draft), null, null, cancellationToken,
                action == ScheduledContentAction.Publish ? error : null, action == ScheduledContentAction.Unpublish ? error : null));
        }

        TempData["Status"] = action == ScheduledContentAction.Publish
            ? $"The draft will be published on {at:yyyy-MM-dd} at {at:HH:mm} UTC. Editing the draft cancels this."
            : $"Your branding will be taken down on {at:yyyy-MM-dd} at {at:HH:mm} UTC; landing pages show the theme's defaults from then on.";
        return RedirectToAction(nameof(Index));
    }

    /// <summary>Cancels the scheduled publication (action=publish, the default) or unpublication (action=unpublish).</summary>
    [HttpPost("schedule/cancel")]
    public async Task<IActionResult> CancelSchedule([FromForm(Name = "action")] string? action, CancellationToken cancellationToken)
    {
        var which = string.Equals(action, "unpublish", StringComparison.OrdinalIgnoreCase) ? ScheduledContentAction.Unpublish : ScheduledContentAction.Publish;
        TempData["Status"] = await branding.CancelScheduleAsync(Organization, which, User.Identity!.Name!, cancellationToken)
            ? which == ScheduledContentAction.Publish ? "The scheduled publication was cancelled; the draft is kept." : "The scheduled unpublication was cancelled; the branding stays published."
            : "Nothing was scheduled.";
        return RedirectToAction(nameof(Index));
    }

    /// <summary>Review before publishing: step=request (send the draft), approve, or changes (with a comment).</summary>
    [HttpPost("review")]
    public async Task<IActionResult> Review(string? step, string? comment, CancellationToken cancellationToken)
    {
        var latest = await branding.LatestAsync(Organization, cancellationToken);
        var (error, status) = await reviews.TakeStepAsync(latest, step, User.Identity!.Name!, comment, cancellationToken);
        if (error is not null)
        {
            var state = await branding.LoadAsync(Organization, cancellationToken);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Index", await PageAsync(state, state.Draft, branding.Check(state.Draft), null, null, cancellationToken, reviewError: error));
        }

        TempData["Status"] = status;
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("versions/{version:int}/restore")]
    public async Task<IActionResult> Restore(int version, CancellationToken cancellationToken)
    {
        var restored = await branding.RestoreAsync(Organization, version, User.Identity!.Name!, cancellationToken);
        TempData[restored ? "Status" : "Error"] = restored ? $"Version {version} is in the draft: preview it, then publish it." : "There is no such version.";
        return RedirectToAction(nameof(Index));
    }

    /// <summary>A real offer's landing page with the draft branding (never cached, never seen by customers).</summary>
    [HttpGet("preview")]
    public async Task<IActionResult> Preview([FromQuery] string? quote, CancellationToken cancellationToken)
    {
        var renderer = services.GetService(typeof(ILandingPreviewRenderer)) as ILandingPreviewRenderer;
        if (renderer is null || string.IsNullOrWhiteSpace(quote) || quote.Length > 40)
        {
            return NotFound();
        }

        ((LandingPreview)services.GetService(typeof(LandingPreview))!).Draft = true;
        var html = await renderer.RenderOfferAsync(Organization, quote, cancellationToken);
        if (html is null)
        {
            return NotFound();
        }

        return LandingPage(html);
    }

    /// <summary>
    /// The Preview button: the form's settings as they are, not saved, on a real offer's landing page (into the page's
    /// preview frame). The logo is the draft's; invalid settings answer with their errors.
    /// </summary>
    [HttpPost("preview")]
    public async Task<IActionResult> PreviewUnsaved([FromForm] BrandingSettings form, [FromForm] string? preview, CancellationToken cancellationToken)
    {
        Normalize(form);
        var renderer = services.GetService(typeof(ILandingPreviewRenderer)) as ILandingPreviewRenderer;
        if (renderer is null || string.IsNullOrWhiteSpace(preview) || preview.Length > 40)
        {
            return NotFound();
        }

        var check = await branding.CheckAsync(Organization, form, cancellationToken);
        if (!check.Valid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Content("<!DOCTYPE html><html lang=\"en\"><head><title>Not previewed</title></head><body><h1>Fix these first</h1><ul>"
                + string.Concat(check.Errors.Select(e => "<li>" + System.Net.WebUtility.HtmlEncode($"{e.Key}: {e.Value}") + "</li>")) + "</ul></body></html>", "text/html; charset=utf-8");
        }

        form.LogoId = (await branding.LoadAsync(Organization, cancellationToken)).Draft.LogoId;
        var key = Organization + ":unsaved:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(form.LayoutOverride)))[..16];
        ((LandingPreview)services.GetService(typeof(LandingPreview))!).Unsaved = await branding.ViewOfAsync(Organization, form, key, cancellationToken);
        var html = await renderer.RenderOfferAsync(Organization, preview, cancellationToken);
        if (html is null)
        {
            return NotFound();
        }

        return LandingPage(html);
    }

    /// <summary>A preview answers as a landing page does (its content security policy), and is never cached.</summary>
    private ContentResult LandingPage(string html)
    {
        Response.Headers.ContentSecurityPolicy = LandingConventions.ContentSecurityPolicy;
        Response.Headers.CacheControl = "no-store";
        return Content(html, "text/html; charset=utf-8");
    }

    /// <summary>Empty text fields arrive as null from the form.</summary>
    private static void Normalize(BrandingSettings form)
    {
        form.Headline ??= string.Empty;
        form.Introduction ??= string.Empty;
        form.LayoutOverride ??= string.Empty;
        form.ShareTitle = form.ShareTitle?.Trim() ?? string.Empty;
        form.ShareDescription = form.ShareDescription?.Trim() ?? string.Empty;
    }

    private async Task<BrandingPage> PageAsync(
        BrandingState state, BrandingSettings form, BrandingCheck check, string? preview, string? uploadError, CancellationToken cancellationToken, string? publishError = null, string? unpublishError = null, string? reviewError = null)
    {
        var renderer = services.GetService(typeof(ILandingPreviewRenderer)) as ILandingPreviewRenderer;
        var offers = renderer is null ? [] : await renderer.OffersAsync(Organization, cancellationToken);
        var quote = offers.Any(o => o.QuoteId == preview) ? preview : offers[0].QuoteId;
        return new BrandingPage(state, form, check, offers, quote, uploadError, await branding.ScheduleViewAsync(Organization, publishError, unpublishError, cancellationToken),
            await reviews.ViewAsync("/partner/branding", Organization, await branding.LatestAsync(Organization, cancellationToken), reviewError, cancellationToken))
        {
            Cultures = await ((BrandingTextsService)services.GetService(typeof(BrandingTextsService))!).StatesAsync(Organization, cancellationToken),
            Images = services.GetService(typeof(IMediaCatalog)) is IMediaCatalog media ? await media.ChoicesAsync(Organization, cancellationToken) : [],
        };
    }
}
