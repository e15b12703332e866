using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Security;
using PartnerCms.Media.Models;
using PartnerCms.Media.Services;

namespace PartnerCms.Media.Controllers;

public sealed record MediaPage(MediaListing Listing, string? Folder, string? Query, int Page, int MaxUploadBytes, string? Error = null, string? UploadFolder = null, string? UploadAlt = null);

public sealed record MediaItemPage(MediaItem Item, IReadOnlyList<MediaUse> Usage, IReadOnlyList<(int Width, string Url)> Files, string Url, string? Error = null);

/// <summary>Partner → Media library: upload, find, describe, file and delete the partner's images.</summary>
[Route("partner/media")]
[RequirePermission(MediaPermissionNames.ManageMedia)]
public sealed class MediaController(MediaLibrary library, ICurrentOrganization currentOrganization, IOptionsMonitor<MediaOptions> options) : Controller
{
    private const int UploadLimit = 32 * 1024 * 1024;

    private string Organization => currentOrganization.OrganizationId!;

    [HttpGet("")]
    public async Task<IActionResult> Index(string? folder, string? q, int page = 1, CancellationToken cancellationToken = default) =>
        View("Index", new MediaPage(await library.ListAsync(Organization, folder, q, page, cancellationToken), folder, q, page, options.CurrentValue.MaxUploadBytes));

    [HttpPost("")]
    [RequestSizeLimit(UploadLimit)]
    [RequestFormLimits(MultipartBodyLengthLimit = UploadLimit)]
    public async Task<IActionResult> Upload(IFormFile? file, string? folder, string? altText, CancellationToken cancellationToken)
    {
        string? error;
        if (file is not { Length: > 0 })
        {
            error = "Choose an image to upload.";
        }
        else if (file.Length > options.CurrentValue.MaxUploadBytes)
        {
            error = $"The image is {MediaLibrary.Megabytes(file.Length)}; it may be at most {MediaLibrary.Megabytes(options.CurrentValue.MaxUploadBytes)}.";
        }
        else
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancellationToken);
            var (item, uploadError) = await library.UploadAsync(Organization, file.FileName, folder, altText, buffer.ToArray(), User.Identity!.Name!, cancellationToken);
            if (item is not null)
            {
                TempData["Status"] = $"\"{item.Name}\" is in the library.";
                return RedirectToAction(nameof(Item), new { id = item.Id });
            }

            error = uploadError;
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("Index", new MediaPage(await library.ListAsync(Organization, null, null, 1, cancellationToken), null, null, 1, options.CurrentValue.MaxUploadBytes, error, folder, altText));
    }

    [HttpGet("{id}")]
    public async Task<IActionResult> Item(string id, CancellationToken cancellationToken) =>
        await PageAsync(id, null, cancellationToken) ?? NotFound();

    [HttpPost("{id}")]
    public async Task<IActionResult> Update(string id, string? name, string? altText, string? folder, CancellationToken cancellationToken)
    {
        if (await library.GetAsync(Organization, id, cancellationToken) is null)
        {
            return NotFound();
        }

        var error = await library.UpdateAsync(Organization, id, name, altText, folder, User.Identity!.Name!, cancellationToken);
        if (error is null)
        {
            TempData["Status"] = "Saved.";
            return RedirectToAction(nameof(Item), new { id });
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return await PageAsync(id, error, cancellationToken) ?? NotFound();
    }

    [HttpPost("{id}/delete")]
    public async Task<IActionResult> Delete(string id, CancellationToken cancellationToken)
    {
        if (await library.GetAsync(Organization, id, cancellationToken) is not { } item)
        {
            return NotFound();
        }

        var error = await library.DeleteAsync(Organization, id, User.Identity!.Name!, cancellationToken);
        if (error is null)
        {
            TempData["Status"] = $"\"{item.Name}\" is deleted.";
            return RedirectToAction(nameof(Index));
        }

        Response.StatusCode = StatusCodes.Status409Conflict;
        return await PageAsync(id, error, cancellationToken) ?? NotFound();
    }

    private async Task<IActionResult?> PageAsync(string id, string? error, CancellationToken cancellationToken)
    {
        if (await library.GetAsync(Organization, id, cancellationToken) is not { } item)
        {
            return null;
        }

        var usage = (await library.UsageAsync(Organization, [id], cancellationToken))[id];
        var files = library.WidthsOf(item).Select(w => (w, library.UrlFor(item, w))).ToList();
        return View("Item", new MediaItemPage(item, usage, files, library.UrlFor(item), error));
    }
}
