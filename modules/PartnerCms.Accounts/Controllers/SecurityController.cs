using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using PartnerCms.Accounts.Services;
using PartnerCms.Accounts.ViewModels;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Security;
using PartnerCms.Landing;

namespace PartnerCms.Accounts.Controllers;

/// <summary>
/// Sign-in and security, in every user's account area: the authenticator app, passkeys and recovery codes. The 10
/// recovery codes are shown right after the first method is set up, and whenever the user makes new ones (once).
/// </summary>
[SpeaksVisitorLanguage]
[Route("account/security")]
[Authorize]
public sealed class SecurityController(PartnerCmsSignInManager signInManager, UserManager<PartnerCmsUser> users, TwoStepService twoStep) : Controller
{
    [HttpGet("", Name = AccountRoutes.Security)]
    public async Task<IActionResult> Index()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var state = await twoStep.StateAsync(user);
        return View(new SecurityViewModel
        {
            State = state,
            Passkeys = await twoStep.PasskeysAsync(user),
            MustSetUp = state.Required && !state.HasMethod,
            LastSecondStepMethod = User.FindFirst(PartnerCmsClaims.SecondStepMethod)?.Value,
        });
    }

    [HttpGet("authenticator")]
    public async Task<IActionResult> Authenticator()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if ((await twoStep.StateAsync(user)).HasAuthenticator)
        {
            TempData["Status"] = "You already have an authenticator app. Remove it first to set up another one.";
            return RedirectToAction(nameof(Index));
        }

        return View(new AuthenticatorViewModel { Setup = await twoStep.AuthenticatorSetupAsync(user) });
    }

    [HttpPost("authenticator")]
    public async Task<IActionResult> Authenticator(AuthenticatorViewModel model)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var before = await twoStep.StateAsync(user);
        if (before.HasAuthenticator)
        {
            return RedirectToAction(nameof(Index));
        }

        if (ModelState.IsValid && !await twoStep.ConfirmAuthenticatorAsync(user, model.Code!))
        {
            ModelState.AddModelError(nameof(model.Code), "That code is not right. Check that the app shows PartnerCms and your user name, and enter the code it shows now.");
        }

        if (!ModelState.IsValid)
        {
            model.Setup = await twoStep.AuthenticatorSetupAsync(user);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(model);
        }

        // The code just typed is a second step: this session carries it; other sessions follow within a minute.
        signInManager.SecondStepMethod = TwoStepMethods.Authenticator;
        await signInManager.RefreshSignInAsync(user);
        return await AfterMethodAddedAsync(user, before, "Your authenticator app is set up.");
    }

    [HttpPost("authenticator/remove")]
    public async Task<IActionResult> RemoveAuthenticator()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var refused = await twoStep.RemoveAuthenticatorAsync(user);
        if (refused is null)
        {
            await signInManager.RefreshSignInAsync(user);
        }

        TempData["Status"] = refused ?? "Your authenticator app was removed. Codes from it no longer work.";
        return RedirectToAction(nameof(Index));
    }

    /// <summary>The options for <c>navigator.credentials.create()</c> (the relying party is the host this page was requested on).</summary>
    [HttpPost("passkeys/options")]
    public async Task<IActionResult> PasskeyOptions()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var options = await signInManager.MakePasskeyCreationOptionsAsync(new PasskeyUserEntity
        {
            Id = user.Id,
            Name = user.UserName!,
            DisplayName = string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName! : user.DisplayName,
        });
        return Content(options, "application/json");
    }

    [HttpPost("passkeys")]
    public async Task<IActionResult> AddPasskey([FromForm] string? name, [FromForm] string? credential)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var before = await twoStep.StateAsync(user);
        PasskeyAttestationResult? result = null;
        if (!string.IsNullOrWhiteSpace(credential) && credential.Length <= 64 * 1024)
        {
            try
            {
                result = await signInManager.PerformPasskeyAttestationAsync(credential);
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.Text.Json.JsonException or FormatException or ArgumentException)
            {
                result = null;
            }
        }

        if (result is not { Succeeded: true })
        {
            TempData["Status"] = "The passkey was not added: the browser did not create one for this site. Try again.";
            return RedirectToAction(nameof(Index));
        }

        if (await twoStep.AddPasskeyAsync(user, result.Passkey, name) is { } refused)
        {
            TempData["Status"] = refused;
            return RedirectToAction(nameof(Index));
        }

        // Creating a passkey needed the authenticator's user verification: a second step for this session.
        signInManager.SecondStepMethod = TwoStepMethods.Passkey;
        await signInManager.RefreshSignInAsync(user);
        return await AfterMethodAddedAsync(user, before, "Your passkey was added.");
    }

    [HttpPost("passkeys/{id}/rename")]
    public async Task<IActionResult> RenamePasskey(string id, [FromForm] string? name)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        TempData["Status"] = await twoStep.RenamePasskeyAsync(user, id, name) ?? "The passkey was renamed.";
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("passkeys/{id}/remove")]
    public async Task<IActionResult> RemovePasskey(string id)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var refused = await twoStep.RemovePasskeyAsync(user, id);
        if (refused is null)
        {
            await signInManager.RefreshSignInAsync(user);
        }

        TempData["Status"] = refused ?? "The passkey was removed. It no longer signs you in.";
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("recovery-codes")]
    public async Task<IActionResult> NewRecoveryCodes()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (!(await twoStep.StateAsync(user)).HasMethod)
        {
            TempData["Status"] = "Set up an authenticator app or a passkey first: recovery codes stand in for them.";
            return RedirectToAction(nameof(Index));
        }

        var codes = await twoStep.NewRecoveryCodesAsync(user);
        return View("RecoveryCodes", new RecoveryCodesViewModel { Codes = codes, UserName = user.UserName! });
    }

    private async Task<IActionResult> AfterMethodAddedAsync(PartnerCmsUser user, TwoStepState before, string done)
    {
        if (before.HasMethod)
        {
            TempData["Status"] = done;
            return RedirectToAction(nameof(Index));
        }

        // The first method: the recovery codes, shown once, before anything else.
        var codes = await twoStep.NewRecoveryCodesAsync(user);
        TempData["Status"] = done;
        return View("RecoveryCodes", new RecoveryCodesViewModel { Codes = codes, UserName = user.UserName!, First = true });
    }
}
