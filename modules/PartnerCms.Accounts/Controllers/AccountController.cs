using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using PartnerCms.Accounts.ViewModels;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Security;

namespace PartnerCms.Accounts.Controllers;

[Route("account")]
public sealed class AccountController(SignInManager<PartnerCmsUser> signInManager, UserManager<PartnerCmsUser> userManager) : Controller
{
    [HttpGet("signin", Name = AccountRoutes.SignIn)]
    [AllowAnonymous]
    public IActionResult SignIn(string? returnUrl = null) =>
        View(new SignInViewModel { ReturnUrl = LocalOrNull(returnUrl) });

    [HttpPost("signin")]
    [AllowAnonymous]
    [EnableRateLimiting(RateLimits.SignIn)]
    public async Task<IActionResult> SignIn(SignInViewModel model)
    {
        model.ReturnUrl = LocalOrNull(model.ReturnUrl);
        if (!ModelState.IsValid)
        {
            return View(model);
        }

        var result = await signInManager.PasswordSignInAsync(model.UserName.Trim(), model.Password, model.RememberMe, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            ModelState.AddModelError(string.Empty, "This account is locked after too many failed attempts. Try again in 15 minutes.");
            return View(model);
        }

        if (!result.Succeeded)
        {
            ModelState.AddModelError(string.Empty, "The user name or password is not right.");
            return View(model);
        }

        var user = await userManager.FindByNameAsync(model.UserName.Trim());
        if (user?.MustChangePassword == true)
        {
            return RedirectToAction(nameof(ChangePassword), new { returnUrl = model.ReturnUrl });
        }

        return LocalRedirect(model.ReturnUrl ?? "/admin");
    }

    [HttpPost("signout")]
    [AllowAnonymous]
    public new async Task<IActionResult> SignOut()
    {
        await signInManager.SignOutAsync();
        return RedirectToAction(nameof(SignIn));
    }

    [HttpGet("change-password")]
    [Authorize]
    public async Task<IActionResult> ChangePassword(string? returnUrl = null)
    {
        var user = await userManager.GetUserAsync(User);
        return View(new ChangePasswordViewModel { Required = user?.MustChangePassword == true, ReturnUrl = LocalOrNull(returnUrl) });
    }

    [HttpPost("change-password")]
    [Authorize]
    public async Task<IActionResult> ChangePassword(ChangePasswordViewModel model)
    {
        var user = await userManager.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        model.Required = user.MustChangePassword;
        model.ReturnUrl = LocalOrNull(model.ReturnUrl);
        if (!ModelState.IsValid)
        {
            return View(model);
        }

        // The current password is checked through the sign-in manager, so wrong guesses count towards lockout here too.
        var check = await signInManager.CheckPasswordSignInAsync(user, model.CurrentPassword, lockoutOnFailure: true);
        if (check.IsLockedOut)
        {
            await signInManager.SignOutAsync();
            TempData["Status"] = "This account is locked after too many wrong passwords. Try again in 15 minutes.";
            return RedirectToAction(nameof(SignIn));
        }

        if (!check.Succeeded)
        {
            ModelState.AddModelError(nameof(model.CurrentPassword), "The current password is not right.");
            return View(model);
        }

        var result = await userManager.ChangePasswordAsync(user, model.CurrentPassword, model.NewPassword);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                var key = error.Code == "PasswordMismatch" ? nameof(model.CurrentPassword) : nameof(model.NewPassword);
                ModelState.AddModelError(key, error.Code == "PasswordMismatch" ? "The current password is not right." : error.Description);
            }

            return View(model);
        }

        user.MustChangePassword = false;
        await userManager.UpdateAsync(user);
        await signInManager.RefreshSignInAsync(user);
        TempData["Status"] = "Your password has been changed.";
        return LocalRedirect(model.ReturnUrl ?? "/admin");
    }

    private string? LocalOrNull(string? url) => !string.IsNullOrEmpty(url) && Url.IsLocalUrl(url) ? url : null;
}
