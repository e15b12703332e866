using Microsoft.AspNetCore.Mvc;
using PartnerCms.Core.Security;
using PartnerCms.Directory.Models;
using PartnerCms.Directory.Services;
using PartnerCms.Directory.ViewModels;
using PartnerCms.Landing;

namespace PartnerCms.Directory.Controllers;

/// <summary>The account portal's start page: the organization at a glance.</summary>
[SpeaksVisitorLanguage]
[Route("portal")]
[RequirePermission(DirectoryPermissionNames.AccessAccountPortal)]
public sealed class PortalController(AccountPortalContext portal, UserDirectoryService users, SubscriptionService subscriptions) : Controller
{
    [HttpGet("", Name = DirectoryRoutes.AccountPortal)]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var organization = await portal.GetOrganizationAsync(cancellationToken);
        if (organization is null)
        {
            return NotFound();
        }

        var userCount = await users.CountAsync(organization.Id, cancellationToken);
        var active = (await subscriptions.ListAsync(organization.Id, cancellationToken)).Count(s => s.Status == SubscriptionStatus.Active);
        return View(new PortalOverview(organization, userCount, active));
    }
}
