using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using PartnerCms.Accounts.ViewModels;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Security;
using PartnerCms.Landing;

using SignInResult = Microsoft.AspNetCore.Identity.SignInResult;

namespace PartnerCms.Accounts.Controllers;

[SpeaksVisitorLanguage]
[Route("account")]
public sealed class AccountController(PartnerCmsSignInManager signInManager, UserManager<PartnerCmsUser> userManager) : Controller
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

        if (result.RequiresTwoFactor)
        {
            return RedirectToAction(nameof(TwoStepController.SecondStep), "TwoStep", new { returnUrl = model.ReturnUrl, rememberMe = model.RememberMe });
        }

        if (!result.Succeeded)
        {
            ModelState.AddModelError(string.Empty, "The user name or password is not right.");
            return View(model);
        }

        var user = await userManager.FindByNameAsync(model.UserName.Trim());
        return AfterSignIn(user, model.ReturnUrl);
    }

    /// <summary>The options for "Sign in with a passkey" (any of the site's passkeys; the browser lets the user choose).</summary>
    [HttpPost("passkey/options")]
    [AllowAnonymous]
    [EnableRateLimiting(RateLimits.SignIn)]
    public async Task<IActionResult> PasskeyOptions() =>
        Content(await signInManager.MakePasskeyRequestOptionsAsync(null), "application/json");

    /// <summary>Signs in with a passkey alone (it is both steps: something the user has, unlocked by the user).</summary>
    [HttpPost("passkey/signin")]
    [AllowAnonymous]
    [EnableRateLimiting(RateLimits.SignIn)]
    public async Task<IActionResult> PasskeySignIn([FromForm] string? credential, [FromForm] string? returnUrl)
    {
        returnUrl = LocalOrNull(returnUrl);
        var model = new SignInViewModel { ReturnUrl = returnUrl };
        if (string.IsNullOrWhiteSpace(credential) || credential.Length > 64 * 1024)
        {
            ModelState.AddModelError(string.Empty, "The browser did not give a passkey. Try again, or sign in with your password.");
            return View(nameof(SignIn), model);
        }

        SignInResult result;
        try
        {
            result = await signInManager.PasskeySignInAsync(credential);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Text.Json.JsonException or FormatException or ArgumentException)
        {
            // No ceremony under way (an old tab, a second click) or a credential that is not one.
            result = SignInResult.Failed;
        }

        if (result.IsLockedOut)
        {
            ModelState.AddModelError(string.Empty, "This account is locked after too many failed attempts. Try again in 15 minutes.");
            return View(nameof(SignIn), model);
        }

        if (!result.Succeeded)
        {
            ModelState.AddModelError(string.Empty, "That passkey did not sign you in. It may have been removed, or it belongs to another site. Sign in with your password.");
            return View(nameof(SignIn), model);
        }

        // The sign-in set the request's user to the one the passkey belongs to.
        var user = await userManager.GetUserAsync(HttpContext.User);
        return AfterSignIn(user, returnUrl);
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

    /// <summary>Where a signed-in user goes first: a new password, then a two-step method if policy requires one, then the page asked for.</summary>
    internal IActionResult AfterSignIn(PartnerCmsUser? user, string? returnUrl)
    {
        if (user?.MustChangePassword == true)
        {
            return RedirectToAction(nameof(ChangePassword), new { returnUrl });
        }

        return LocalRedirect(returnUrl ?? "/admin");
    }

    private string? LocalOrNull(string? url) => !string.IsNullOrEmpty(url) && Url.IsLocalUrl(url) ? url : null;
}
