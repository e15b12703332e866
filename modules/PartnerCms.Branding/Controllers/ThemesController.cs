using Microsoft.AspNetCore.Mvc;
using PartnerCms.Core.Security;
using PartnerCms.Core.Themes;
using PartnerCms.Landing;

namespace PartnerCms.Branding.Controllers;

public sealed record ThemesPage(IReadOnlyList<ThemeDescriptor> Themes, string LandingTheme);

/// <summary>The platform operator's choice of the site's landing theme (every partner's landing pages use it).</summary>
[Route("admin/themes")]
[RequirePermission(BrandingPermissionNames.ManageThemes)]
public sealed class ThemesController(ThemeCatalog themes, SiteThemes site, ILandingPages landingPages) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) => View(new ThemesPage(themes.All, await site.LandingThemeAsync(cancellationToken)));

    [HttpPost("landing")]
    public async Task<IActionResult> SetLanding([FromForm] string? theme, CancellationToken cancellationToken)
    {
        if (theme is null || theme.Length > 100 || !await site.SetLandingThemeAsync(theme, User.Identity!.Name!, cancellationToken))
        {
            TempData["Error"] = "Choose one of the installed landing themes.";
            return RedirectToAction(nameof(Index));
        }

        await landingPages.ForgetAllAsync(cancellationToken);
        TempData["Status"] = $"Landing pages now use {themes.Find(theme)!.Name}.";
        return RedirectToAction(nameof(Index));
    }
}
