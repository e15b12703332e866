using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerCms.Core.Data;
using PartnerCms.Core.Security;

namespace PartnerCms.Core.Accounts;

/// <summary>
/// Identity's sign-in manager with PartnerCms's second step: a user with an authenticator app or a passkey is asked for a
/// second step after the password (Identity asks only for token providers, which passkeys are not); a locked-out account
/// cannot sign in by any path (a passkey included); and a session that passed a second step carries when and how, for
/// the step-up before acting for a customer.
/// </summary>
public sealed class PartnerCmsSignInManager(
    UserManager<PartnerCmsUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<PartnerCmsUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<PartnerCmsUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PartnerCmsUser> confirmation,
    PartnerCmsDbContext db,
    TwoStepPolicy policy,
    TimeProvider clock)
    : SignInManager<PartnerCmsUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    /// <summary>Set by the page that checked a second step, before it signs the user in: recorded in the session's claims.</summary>
    public string? SecondStepMethod { get; set; }

    public override async Task<bool> IsTwoFactorEnabledAsync(PartnerCmsUser user) =>
        await base.IsTwoFactorEnabledAsync(user) || await db.UserPasskeys.AnyAsync(p => p.UserId == user.Id);

    /// <summary>
    /// "Remember this browser" skips the second step only for users policy does not require to have one: a browser
    /// remembered before the user became an administrator (or before the organization required it) asks again.
    /// </summary>
    public override async Task<bool> IsTwoFactorClientRememberedAsync(PartnerCmsUser user) =>
        await base.IsTwoFactorClientRememberedAsync(user) && !(await policy.StateAsync(user)).Required;

    protected override async Task<SignInResult> SignInOrTwoFactorAsync(PartnerCmsUser user, bool isPersistent, string? loginProvider = null, bool bypassTwoFactor = false)
    {
        if (UserManager.SupportsUserLockout && await UserManager.IsLockedOutAsync(user))
        {
            return SignInResult.LockedOut;
        }

        // A passkey is a second step on its own (possession and the authenticator's user verification).
        if (bypassTwoFactor && loginProvider is null)
        {
            SecondStepMethod ??= TwoStepMethods.Passkey;
        }

        return await base.SignInOrTwoFactorAsync(user, isPersistent, loginProvider, bypassTwoFactor);
    }

    public override Task SignInWithClaimsAsync(PartnerCmsUser user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        var claims = additionalClaims.Where(c => c.Type is not (PartnerCmsClaims.SecondStepUtc or PartnerCmsClaims.SecondStepMethod)).ToList();
        if (SecondStepMethod is { } method)
        {
            if (!claims.Any(c => c.Type == "amr"))
            {
                claims.Add(new Claim("amr", "mfa"));
            }

            claims.Add(new Claim(PartnerCmsClaims.SecondStepUtc, clock.GetUtcNow().UtcDateTime.Ticks.ToString(CultureInfo.InvariantCulture)));
            claims.Add(new Claim(PartnerCmsClaims.SecondStepMethod, method));
        }
        else if (Context.User.GetUserId() == user.Id)
        {
            // A refreshed cookie (a method added, a password changed) keeps the second step this session passed.
            claims.AddRange(SecondStepClaimsOf(Context.User).Where(c => c.Type != "amr" || !claims.Any(k => k.Type == "amr")));
        }

        return base.SignInWithClaimsAsync(user, authenticationProperties, claims);
    }

    /// <summary>The claims that say a session passed a second step (kept when Identity rebuilds the principal).</summary>
    public static IEnumerable<Claim> SecondStepClaimsOf(ClaimsPrincipal principal) =>
        principal.Claims.Where(c => c.Type is "amr" or PartnerCmsClaims.SecondStepUtc or PartnerCmsClaims.SecondStepMethod)
            .Select(c => new Claim(c.Type, c.Value));
}
