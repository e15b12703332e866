using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using PartnerCms.Core.Security;
using PartnerCms.Media.Services;

namespace PartnerCms.Media.Controllers;

public sealed record MediaQuotasPage(IReadOnlyList<(string Id, string Name, long Used, long Quota, bool Own)> Partners, string? Error = null, string? ErrorFor = null);

/// <summary>Administration → Media quotas: how much each partner's library holds, and the operator's quota for it.</summary>
[Route("admin/media")]
[RequirePermission(MediaPermissionNames.ManageQuotas)]
public sealed class MediaQuotasController(MediaLibrary library) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) => View("Index", new MediaQuotasPage(await library.QuotasAsync(cancellationToken)));

    [HttpPost("{organizationId}")]
    public async Task<IActionResult> Set(string organizationId, string? megabytes, CancellationToken cancellationToken)
    {
        var text = (megabytes ?? string.Empty).Trim();
        string? error;
        if (text.Length == 0)
        {
            error = await library.SetQuotaAsync(organizationId, null, User.Identity!.Name!, cancellationToken);
        }
        else if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            error = "Write the quota as a whole number of megabytes (or leave it empty for the site's default).";
        }
        else
        {
            error = await library.SetQuotaAsync(organizationId, value, User.Identity!.Name!, cancellationToken);
        }

        if (error is null)
        {
            TempData["Status"] = "The quota is saved.";
            return RedirectToAction(nameof(Index));
        }

        Response.StatusCode = error == "There is no such partner." ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest;
        return View("Index", new MediaQuotasPage(await library.QuotasAsync(cancellationToken), error, organizationId));
    }
}
