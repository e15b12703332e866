using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PartnerCms.Accounts.Services;
using PartnerCms.Accounts.ViewModels;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Audit;
using PartnerCms.Core.Data;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Security;

namespace PartnerCms.Accounts.Controllers;

/// <summary>
/// Recovery by an administrator: a partner's or customer's global administrator resets the two-step methods of their
/// own organization's users (from the Users page); the platform operator resets anyone's (Administration → Two-step
/// sign-in). A customer's or partner's global administrator can also require two-step sign-in of every user.
/// An administrator acting on behalf of a customer is not the customer's administrator here: a partner never resets a
/// customer's sign-in.
/// </summary>
[Authorize]
public sealed class TwoStepAdministrationController(
    UserManager<PartnerCmsUser> users, TwoStepService twoStep, PartnerCmsDbContext db, AuditTrail audit) : Controller
{
    [HttpPost("account/users/{id}/reset-two-step")]
    public async Task<IActionResult> Reset(string id, [FromForm] string? returnUrl)
    {
        var target = await FindAsync(id);
        if (target is null)
        {
            return NotFound();
        }

        if (!MayReset(target))
        {
            await audit.RecordAsync("two-step.reset", target.UserName, null, null, AuditOutcomes.Refused);
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        if (target.Id == User.GetUserId())
        {
            TempData["Status"] = "Change your own methods on Sign-in and security.";
        }
        else
        {
            await twoStep.ResetAsync(target, User.Identity!.Name!);
            TempData["Status"] = $"Two-step sign-in of {target.UserName} was reset. They set up a new method at their next sign-in and were sent an e-mail saying so.";
        }

        return LocalRedirect(returnUrl is { Length: > 0 } && Url.IsLocalUrl(returnUrl) ? returnUrl : "/portal/users");
    }

    [HttpPost("account/organization/two-step")]
    public async Task<IActionResult> RequireForEveryone([FromForm] bool require, [FromForm] string? returnUrl)
    {
        var organizationId = User.GetOrganizationId();
        if (organizationId is null || !IsOwnGlobalAdministrator())
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var organization = await db.Organizations.FirstOrDefaultAsync(o => o.Id == organizationId);
        if (organization is null)
        {
            return NotFound();
        }

        organization.RequireTwoStepSignIn = require;
        audit.Record("two-step.policy", require ? "required of every user" : "required of administrators only",
            organization.Kind == OrganizationKind.Partner ? organization.Id : null, organization.Kind == OrganizationKind.Customer ? organization.Id : null);
        await db.SaveChangesAsync();
        // Every user's next claims refresh (within a minute) asks those without a method to set one up.
        foreach (var user in await db.Users.Where(u => u.OrganizationId == organization.Id).ToListAsync())
        {
            await users.UpdateSecurityStampAsync(user);
        }

        TempData["Status"] = require
            ? "Every user of your organization must now use two-step sign-in. Those without a method set one up at their next page."
            : "Two-step sign-in is required of administrators only (others may still set it up).";
        return LocalRedirect(returnUrl is { Length: > 0 } && Url.IsLocalUrl(returnUrl) ? returnUrl : "/portal/users");
    }

    [HttpGet("admin/two-step")]
    [RequirePermission(AccountPermissionNames.ResetAnyonesTwoStep)]
    public async Task<IActionResult> Index(string? userName)
    {
        var model = new UserTwoStepViewModel { UserName = userName?.Trim() };
        if (!string.IsNullOrEmpty(model.UserName))
        {
            model.User = model.UserName.Length <= 256 ? await users.FindByNameAsync(model.UserName) : null;
            if (model.User is null)
            {
                ModelState.AddModelError(nameof(model.UserName), "No user has that user name.");
            }
            else
            {
                model.State = await twoStep.StateAsync(model.User);
            }
        }

        return View(model);
    }

    private async Task<PartnerCmsUser?> FindAsync(string id) =>
        string.IsNullOrWhiteSpace(id) || id.Length > 64 ? null : await users.FindByIdAsync(id);

    /// <summary>The operator resets anyone; a global administrator (not on behalf of anyone) the users of their own organization.</summary>
    private bool MayReset(PartnerCmsUser target) =>
        User.IsInRole(OrganizationRoles.PlatformOperator)
        || (IsOwnGlobalAdministrator() && target.OrganizationId == User.GetOrganizationId());

    private bool IsOwnGlobalAdministrator() =>
        User.FindFirst(PartnerCmsClaims.OnBehalfSession) is null
        && (User.IsInRole(OrganizationRoles.PartnerGlobalAdministrator) || User.IsInRole(OrganizationRoles.CustomerGlobalAdministrator));
}
