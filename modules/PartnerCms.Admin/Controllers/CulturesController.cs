using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using PartnerCms.Core.Localization;
using PartnerCms.Core.Security;

namespace PartnerCms.Admin.Controllers;

public sealed record CulturesPage(IReadOnlyList<System.Globalization.CultureInfo> Enabled, IReadOnlyDictionary<string, string> Countries, string? Error = null, string? CountryError = null);

/// <summary>Administration → Cultures: the operator enables cultures (en-US always) and changes the country → culture table.</summary>
[Route("admin/cultures")]
[RequirePermission(AdminPermissionNames.ManageCultures)]
public sealed class CulturesController(PortalCultures cultures, CultureSettings settings) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        await cultures.RefreshAsync(cancellationToken);
        return View(new CulturesPage(cultures.Enabled, cultures.Countries));
    }

    [HttpPost("enable")]
    public async Task<IActionResult> Enable(string? culture, CancellationToken cancellationToken) =>
        await DoneAsync(await settings.EnableAsync(culture, User.Identity!.Name!, cancellationToken), "The culture is enabled: partners can write texts in it.", country: false);

    [HttpPost("disable")]
    public async Task<IActionResult> Disable(string? culture, CancellationToken cancellationToken) =>
        await DoneAsync(await settings.DisableAsync(culture, User.Identity!.Name!, cancellationToken), "The culture is disabled: its texts stay but are not shown.", country: false);

    [HttpPost("countries")]
    public async Task<IActionResult> Country(string? country, string? culture, CancellationToken cancellationToken) =>
        await DoneAsync(await settings.SetCountryAsync(country, culture, User.Identity!.Name!, cancellationToken), "The country's culture is saved.", country: true);

    private async Task<IActionResult> DoneAsync(string? error, string status, bool country)
    {
        if (error is null)
        {
            TempData["Status"] = status;
            return RedirectToAction(nameof(Index));
        }

        await cultures.RefreshAsync(HttpContext.RequestAborted);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("Index", new CulturesPage(cultures.Enabled, cultures.Countries, country ? null : error, country ? error : null));
    }
}
