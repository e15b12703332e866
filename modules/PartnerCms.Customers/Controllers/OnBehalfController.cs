using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using PartnerCms.Core.Security;
using PartnerCms.Customers.Services;

namespace PartnerCms.Customers.Controllers;

/// <summary>Ends the current "Administer on behalf of" session (the banner's End session button).</summary>
[Route("portal/on-behalf")]
[Authorize]
public sealed class OnBehalfController(OnBehalfSessions sessions) : Controller
{
    [HttpPost("end")]
    public async Task<IActionResult> End(CancellationToken cancellationToken)
    {
        if (User.FindFirst(OnBehalfSessions.SessionClaim)?.Value is not { } id)
        {
            return RedirectToRoute(PartnerCms.Directory.DirectoryRoutes.AccountPortal);
        }

        await sessions.EndByIdAsync(id, User.GetUserId(), "The user ended the session.", cancellationToken);
        Response.Cookies.Delete(OnBehalfSessions.CookieName, new CookieOptions { Path = "/" });
        return RedirectToAction(nameof(LookupController.Index), "Lookup");
    }
}
