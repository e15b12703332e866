using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PartnerCms.Core.Navigation;
using PartnerCms.Landing;

namespace PartnerCms.Admin.Controllers;

[SpeaksVisitorLanguage]
public sealed class DashboardController(NavigationService navigation) : Controller
{
    [HttpGet("/")]
    [AllowAnonymous]
    public IActionResult Home() => User.Identity?.IsAuthenticated == true ? RedirectToAction(nameof(Index)) : RedirectToRoute(PartnerCms.Accounts.AccountRoutes.SignIn);

    [HttpGet("/admin")]
    [Authorize]
    public async Task<IActionResult> Index() => View(await navigation.GetMenuAsync(User));
}
