using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Security;
using PartnerCms.Directory.Services;
using PartnerCms.Directory.ViewModels;
using PartnerCms.Landing;

namespace PartnerCms.Directory.Controllers;

/// <summary>The account portal's Users area: list, add, edit, reset password.</summary>
[SpeaksVisitorLanguage]
[Route("portal/users")]
public sealed class UsersController(
    AccountPortalContext portal, UserDirectoryService users, PasswordResetService passwords, IAuthorizationService authorization, RoleCatalog roleCatalog, TwoStepPolicy twoStep) : Controller
{
    [HttpGet("")]
    [RequirePermission(DirectoryPermissionNames.ResetPasswords)]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var organization = await portal.GetOrganizationAsync(cancellationToken);
        if (organization is null)
        {
            return NotFound();
        }

        var list = await users.ListAsync(organization.Id, cancellationToken);
        var ownAdministrator = User.FindFirst(PartnerCmsClaims.OnBehalfSession) is null
            && (User.IsInRole(OrganizationRoles.PartnerGlobalAdministrator) || User.IsInRole(OrganizationRoles.CustomerGlobalAdministrator))
            && organization.Id == User.GetOrganizationId();
        return View(new UserListViewModel
        {
            Organization = organization,
            Users = list,
            TwoStep = ownAdministrator ? await users.TwoStepAsync(organization, list, twoStep, cancellationToken) : null,
            CanManage = await authorization.HasPermissionAsync(User, Permissions.ManageUsers),
            IsGlobalAdministrator = AccountPortalContext.IsGlobalAdministrator(User),
            CurrentUserId = User.GetUserId(),
        });
    }

    [HttpGet("new")]
    [RequirePermission(DirectoryPermissionNames.ManageUsers)]
    public async Task<IActionResult> Create(CancellationToken cancellationToken) =>
        await FormAsync(new UserForm(), cancellationToken) is { } form ? View("Edit", form) : NotFound();

    [HttpPost("new")]
    [RequirePermission(DirectoryPermissionNames.ManageUsers)]
    public async Task<IActionResult> Create(UserForm form, CancellationToken cancellationToken)
    {
        form.UserId = null;
        var organization = await portal.GetOrganizationAsync(cancellationToken);
        if (organization is null || await FormAsync(form, cancellationToken) is null)
        {
            return NotFound();
        }

        if (!form.CanAssignRoles)
        {
            form.Input.Roles = [];
            form.Input.DelegatedAccess = DelegatedAccess.None;
        }

        if (!ModelState.IsValid)
        {
            return Invalid(form);
        }

        // Giving administration of customers is acting for them: it needs a fresh second step.
        if (form.Input.DelegatedAccess != DelegatedAccess.None && RequireRecentSecondStepAttribute.StepUpFor(HttpContext) is { } stepUp)
        {
            return stepUp;
        }

        var temporary = PasswordResetService.TemporaryPassword();
        var result = await users.CreateAsync(organization, form.Input, temporary, cancellationToken);
        if (!result.Succeeded)
        {
            return Invalid(form, result);
        }

        return View("TemporaryPassword", new TemporaryPasswordViewModel(form.Input.UserName.Trim(), temporary, "/portal/users", "Back to users"));
    }

    [HttpGet("{id}/edit")]
    [RequirePermission(DirectoryPermissionNames.ManageUsers)]
    public async Task<IActionResult> Edit(string id, CancellationToken cancellationToken)
    {
        var organization = await portal.GetOrganizationAsync(cancellationToken);
        var user = organization is null ? null : await users.FindAsync(organization.Id, id, cancellationToken);
        if (user is null)
        {
            return NotFound();
        }

        var form = await FormAsync(new UserForm
        {
            UserId = user.Id,
            Input = new UserInput { UserName = user.UserName, DisplayName = user.DisplayName, Roles = user.Roles.ToList(), DelegatedAccess = user.DelegatedAccess },
        }, cancellationToken);
        if (user.IsAdministrator && !form!.CanAssignRoles)
        {
            return Forbidden("Only a global administrator can edit an administrator.");
        }

        return View(form);
    }

    [HttpPost("{id}/edit")]
    [RequirePermission(DirectoryPermissionNames.ManageUsers)]
    public async Task<IActionResult> Edit(string id, UserForm form, CancellationToken cancellationToken)
    {
        var organization = await portal.GetOrganizationAsync(cancellationToken);
        var user = organization is null ? null : await users.FindAsync(organization.Id, id, cancellationToken);
        if (user is null)
        {
            return NotFound();
        }

        form.UserId = id;
        await FormAsync(form, cancellationToken);
        if (!form.CanAssignRoles)
        {
            if (user.IsAdministrator)
            {
                return Forbidden("Only a global administrator can edit an administrator.");
            }

            // Only global administrators give roles and delegated access; others keep what the user has.
            form.Input.Roles = user.Roles.ToList();
            form.Input.DelegatedAccess = user.DelegatedAccess;
        }

        if (!ModelState.IsValid)
        {
            return Invalid(form);
        }

        // Changing someone's administration of customers needs a fresh second step.
        if (form.Input.DelegatedAccess != user.DelegatedAccess && RequireRecentSecondStepAttribute.StepUpFor(HttpContext) is { } stepUp)
        {
            return stepUp;
        }

        var result = await users.UpdateAsync(organization!, id, form.Input, User.GetUserId()!, cancellationToken);
        if (!result.Succeeded)
        {
            return Invalid(form, result);
        }

        TempData["Status"] = $"{form.Input.UserName.Trim()} has been saved.";
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("{id}/reset-password")]
    [RequirePermission(DirectoryPermissionNames.ResetPasswords)]
    public async Task<IActionResult> ResetPassword(string id, CancellationToken cancellationToken)
    {
        var organization = await portal.GetOrganizationAsync(cancellationToken);
        if (organization is null || await users.FindAsync(organization.Id, id, cancellationToken) is null)
        {
            return NotFound();
        }

        var result = await passwords.ResetAsync(organization.Id, id, AccountPortalContext.IsGlobalAdministrator(User), User.GetUserId()!, cancellationToken);
        if (!result.Succeeded)
        {
            return Forbidden(result.Error!);
        }

        return View("TemporaryPassword", new TemporaryPasswordViewModel(result.UserName!, result.TemporaryPassword!, "/portal/users", "Back to users"));
    }

    private async Task<UserForm?> FormAsync(UserForm form, CancellationToken cancellationToken)
    {
        var organization = await portal.GetOrganizationAsync(cancellationToken);
        if (organization is null)
        {
            return null;
        }

        form.Kind = organization.Kind;
        form.AvailableRoles = roleCatalog.For(organization.Kind).ToList();
        form.Domains = organization.Domains.Select(d => d.Name).ToList();
        form.CanAssignRoles = AccountPortalContext.IsGlobalAdministrator(User);
        return form;
    }

    private ViewResult Invalid(UserForm form, UserSaveResult? result = null)
    {
        foreach (var (field, message) in result?.Errors ?? new Dictionary<string, string>(StringComparer.Ordinal))
        {
            ModelState.AddModelError(field == "Password" ? string.Empty : field, message);
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("Edit", form);
    }

    private ViewResult Forbidden(string message)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View("Refused", message);
    }
}
