using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using PartnerCms.Accounts.Services;
using PartnerCms.Accounts.ViewModels;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Audit;
using PartnerCms.Landing;
using SignInResult = Microsoft.AspNetCore.Identity.SignInResult;

namespace PartnerCms.Accounts.Controllers;

/// <summary>
/// The second step: after the password (<c>/account/two-step</c>, on Identity's two-factor sign-in) and again before
/// acting for a customer (<c>/account/step-up</c>). Wrong codes count toward the account's lockout, as wrong passwords
/// do; the pages have their own rate limit per client.
/// </summary>
[SpeaksVisitorLanguage]
[Route("account")]
public sealed class TwoStepController(
    PartnerCmsSignInManager signInManager, UserManager<PartnerCmsUser> users, TwoStepService twoStep, PasskeySteps passkeys, IOptions<TwoStepOptions> options) : Controller
{
    public const string RateLimit = "two-step";
    private const string WrongCode = "That code is not right. Check the time on your phone and enter the code the app shows now.";
    private const string LockedOut = "This account is locked after too many failed attempts. Try again in 15 minutes.";

    [HttpGet("two-step")]
    [AllowAnonymous]
    public async Task<IActionResult> SecondStep(string? returnUrl = null, bool rememberMe = false)
    {
        var user = await signInManager.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return Expired();
        }

        return View(await ModelAsync(user, new SecondStepViewModel { ReturnUrl = LocalOrNull(returnUrl), RememberMe = rememberMe }));
    }

    [HttpPost("two-step")]
    [AllowAnonymous]
    [EnableRateLimiting(RateLimit)]
    public async Task<IActionResult> SecondStep(SecondStepViewModel model)
    {
        model.ReturnUrl = LocalOrNull(model.ReturnUrl);
        var user = await signInManager.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return Expired();
        }

        await ModelAsync(user, model);
        if (string.IsNullOrWhiteSpace(model.Code))
        {
            ModelState.AddModelError(nameof(model.Code), "Enter the 6-digit code your authenticator app shows.");
            return View(model);
        }

        signInManager.SecondStepMethod = TwoStepMethods.Authenticator;
        var result = await signInManager.TwoFactorAuthenticatorSignInAsync(model.Code, model.RememberMe, model.RememberBrowser && model.CanRememberBrowser);
        return await AfterAttemptAsync(user, result, model, TwoStepMethods.Authenticator, nameof(model.Code));
    }

    [HttpPost("two-step/passkey-options")]
    [AllowAnonymous]
    [EnableRateLimiting(RateLimit)]
    public async Task<IActionResult> SecondStepPasskeyOptions()
    {
        var user = await signInManager.GetTwoFactorAuthenticationUserAsync();
        return user is null
            ? Problem(statusCode: StatusCodes.Status400BadRequest, title: "Your sign-in expired. Enter your password again.")
            : Content(await passkeys.RequestOptionsAsync(user), "application/json");
    }

    [HttpPost("two-step/passkey")]
    [AllowAnonymous]
    [EnableRateLimiting(RateLimit)]
    public async Task<IActionResult> SecondStepPasskey(SecondStepViewModel model)
    {
        model.ReturnUrl = LocalOrNull(model.ReturnUrl);
        var user = await signInManager.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return Expired();
        }

        await ModelAsync(user, model);
        if (await users.IsLockedOutAsync(user))
        {
            return await AfterAttemptAsync(user, SignInResult.LockedOut, model, TwoStepMethods.Passkey, string.Empty);
        }

        if (!await passkeys.VerifyAsync(user, model.Credential))
        {
            await users.AccessFailedAsync(user);
            var failed = await users.IsLockedOutAsync(user) ? SignInResult.LockedOut : SignInResult.Failed;
            return await AfterAttemptAsync(user, failed, model, TwoStepMethods.Passkey, string.Empty);
        }

        await users.ResetAccessFailedCountAsync(user);
        await HttpContext.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        signInManager.SecondStepMethod = TwoStepMethods.Passkey;
        await signInManager.SignInAsync(user, model.RememberMe);
        return AfterSignIn(user, model.ReturnUrl);
    }

    [HttpGet("two-step/recovery")]
    [AllowAnonymous]
    public async Task<IActionResult> Recovery(string? returnUrl = null, bool rememberMe = false)
    {
        var user = await signInManager.GetTwoFactorAuthenticationUserAsync();
        return user is null ? Expired() : View(new SecondStepViewModel { ReturnUrl = LocalOrNull(returnUrl), RememberMe = rememberMe });
    }

    [HttpPost("two-step/recovery")]
    [AllowAnonymous]
    [EnableRateLimiting(RateLimit)]
    public async Task<IActionResult> Recovery(SecondStepViewModel model)
    {
        model.ReturnUrl = LocalOrNull(model.ReturnUrl);
        var user = await signInManager.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return Expired();
        }

        if (string.IsNullOrWhiteSpace(model.RecoveryCode) || !ModelState.IsValid)
        {
            ModelState.AddModelError(nameof(model.RecoveryCode), "Enter one of your recovery codes, as it was shown (11 characters).");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(model);
        }

        if (await users.IsLockedOutAsync(user))
        {
            ModelState.AddModelError(string.Empty, LockedOut);
            return View(model);
        }

        signInManager.SecondStepMethod = TwoStepMethods.RecoveryCode;
        var result = await signInManager.TwoFactorRecoveryCodeSignInAsync(model.RecoveryCode.Trim());
        if (result.Succeeded)
        {
            await RecoveryCodeUsedAsync(user);
            return AfterSignIn(user, model.ReturnUrl);
        }

        // Identity does not count wrong recovery codes; here they count toward the lockout like any wrong second step.
        await users.AccessFailedAsync(user);
        await twoStep.RecordAsync(user, TwoStepChanges.SecondStepFailed, TwoStepMethods.RecoveryCode, byUserName: null, AuditOutcomes.Failed);
        ModelState.AddModelError(nameof(model.RecoveryCode), await users.IsLockedOutAsync(user) ? LockedOut : "That recovery code is not right, or it was used before.");
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(model);
    }

    [HttpGet("step-up")]
    [Authorize]
    public async Task<IActionResult> StepUp(string? returnUrl = null)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var model = await ModelAsync(user, new SecondStepViewModel { ReturnUrl = LocalOrNull(returnUrl), StepUp = true });
        if (!model.HasAuthenticator && !model.HasPasskeys)
        {
            TempData["Status"] = "Set up a two-step method first: acting for a customer needs one.";
            return RedirectToAction(nameof(SecurityController.Index), "Security");
        }

        return View("SecondStep", model);
    }

    [HttpPost("step-up")]
    [Authorize]
    [EnableRateLimiting(RateLimit)]
    public async Task<IActionResult> StepUp(SecondStepViewModel model)
    {
        model.ReturnUrl = LocalOrNull(model.ReturnUrl);
        model.StepUp = true;
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        await ModelAsync(user, model);
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("SecondStep", model);
        }

        bool passed;
        string method;
        if (!string.IsNullOrWhiteSpace(model.Credential))
        {
            method = TwoStepMethods.Passkey;
            passed = await passkeys.VerifyAsync(user, model.Credential);
        }
        else if (!string.IsNullOrWhiteSpace(model.RecoveryCode))
        {
            method = TwoStepMethods.RecoveryCode;
            passed = (await users.RedeemTwoFactorRecoveryCodeAsync(user, model.RecoveryCode.Trim())).Succeeded;
        }
        else if (!string.IsNullOrWhiteSpace(model.Code))
        {
            method = TwoStepMethods.Authenticator;
            passed = await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, model.Code);
        }
        else
        {
            ModelState.AddModelError(nameof(model.Code), "Enter the 6-digit code your authenticator app shows.");
            return View("SecondStep", model);
        }

        if (await users.IsLockedOutAsync(user))
        {
            await signInManager.SignOutAsync();
            TempData["Status"] = LockedOut;
            return RedirectToAction(nameof(AccountController.SignIn), "Account");
        }

        if (!passed)
        {
            await users.AccessFailedAsync(user);
            await twoStep.RecordAsync(user, TwoStepChanges.SecondStepFailed, method, byUserName: null, AuditOutcomes.Failed);
            if (await users.IsLockedOutAsync(user))
            {
                await signInManager.SignOutAsync();
                TempData["Status"] = LockedOut;
                return RedirectToAction(nameof(AccountController.SignIn), "Account");
            }

            ModelState.AddModelError(method == TwoStepMethods.RecoveryCode ? nameof(model.RecoveryCode) : nameof(model.Code),
                method switch
                {
                    TwoStepMethods.Passkey => "That passkey did not confirm it is you. Try again, or use your authenticator app.",
                    TwoStepMethods.RecoveryCode => "That recovery code is not right, or it was used before.",
                    _ => WrongCode,
                });
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("SecondStep", model);
        }

        await users.ResetAccessFailedCountAsync(user);
        if (method == TwoStepMethods.RecoveryCode)
        {
            await RecoveryCodeUsedAsync(user);
        }

        signInManager.SecondStepMethod = method;
        await signInManager.RefreshSignInAsync(user);
        return LocalRedirect(model.ReturnUrl ?? "/admin");
    }

    [HttpPost("step-up/passkey-options")]
    [Authorize]
    [EnableRateLimiting(RateLimit)]
    public async Task<IActionResult> StepUpPasskeyOptions()
    {
        var user = await users.GetUserAsync(User);
        return user is null ? Challenge() : Content(await passkeys.RequestOptionsAsync(user), "application/json");
    }

    private async Task<IActionResult> AfterAttemptAsync(PartnerCmsUser user, SignInResult result, SecondStepViewModel model, string method, string field)
    {
        if (result.Succeeded)
        {
            return AfterSignIn(user, model.ReturnUrl);
        }

        await twoStep.RecordAsync(user, TwoStepChanges.SecondStepFailed, method, byUserName: null, AuditOutcomes.Failed);
        if (result.IsLockedOut)
        {
            await signInManager.SignOutAsync();
            TempData["Status"] = LockedOut;
            return RedirectToAction(nameof(AccountController.SignIn), "Account");
        }

        ModelState.AddModelError(field, method == TwoStepMethods.Passkey ? "That passkey did not confirm it is you. Try again, or use your authenticator app." : WrongCode);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(nameof(SecondStep), model);
    }

    private async Task RecoveryCodeUsedAsync(PartnerCmsUser user)
    {
        await twoStep.RecordAsync(user, TwoStepChanges.RecoveryCodeUsed, TwoStepMethods.RecoveryCode, byUserName: null);
        var left = await users.CountRecoveryCodesAsync(user);
        TempData["Status"] = left switch
        {
            0 => "You used your last recovery code. Make new ones on Sign-in and security.",
            <= 3 => $"You have {left} recovery codes left. Make new ones on Sign-in and security.",
            _ => $"You signed in with a recovery code. {left} are left.",
        };
    }

    private async Task<SecondStepViewModel> ModelAsync(PartnerCmsUser user, SecondStepViewModel model)
    {
        var state = await twoStep.StateAsync(user);
        model.HasAuthenticator = state.HasAuthenticator;
        model.HasPasskeys = state.Passkeys > 0;
        model.CanRememberBrowser = !model.StepUp && !state.Required;
        model.RememberBrowserDays = options.Value.RememberBrowserDays;
        return model;
    }

    private IActionResult AfterSignIn(PartnerCmsUser user, string? returnUrl) =>
        user.MustChangePassword
            ? RedirectToAction(nameof(AccountController.ChangePassword), "Account", new { returnUrl })
            : LocalRedirect(returnUrl ?? "/admin");

    private RedirectToActionResult Expired()
    {
        TempData["Status"] = "Your sign-in took too long or was interrupted. Enter your password again.";
        return RedirectToAction(nameof(AccountController.SignIn), "Account");
    }

    private string? LocalOrNull(string? url) => !string.IsNullOrEmpty(url) && Url.IsLocalUrl(url) ? url : null;
}
