using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using PartnerCms.Core.Accounts;

namespace PartnerCms.Accounts.Services;

/// <summary>
/// A passkey as the second step of one known user (after the password, or the step-up before acting for a customer),
/// verified by Identity's passkey handler. The ceremony's state lives in a cookie of its own (protected, 5 minutes,
/// bound to the user) rather than in Identity's two-factor cookie, which holds the half-signed-in user meanwhile: a user
/// who cancels the passkey can still type an authenticator code.
/// </summary>
public sealed class PasskeySteps(IPasskeyHandler<PartnerCmsUser> handler, UserManager<PartnerCmsUser> users, IDataProtectionProvider protection, IHttpContextAccessor http, TimeProvider clock)
{
    private const string CookieName = "pcms.passkey-step";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private readonly IDataProtector _protector = protection.CreateProtector("PartnerCms.Accounts.PasskeyStep");

    private HttpContext Context => http.HttpContext ?? throw new InvalidOperationException("A passkey step needs a request.");

    /// <summary>The options for <c>navigator.credentials.get()</c>, limited to the user's passkeys.</summary>
    public async Task<string> RequestOptionsAsync(PartnerCmsUser user)
    {
        var options = await handler.MakeRequestOptionsAsync(user, Context);
        var expires = clock.GetUtcNow().UtcDateTime.Add(Lifetime).Ticks.ToString(CultureInfo.InvariantCulture);
        var payload = _protector.Protect(user.Id + "\n" + expires + "\n" + (options.AssertionState ?? string.Empty));
        Context.Response.Cookies.Append(CookieName, payload, new CookieOptions
        {
            HttpOnly = true,
            Secure = Context.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = "/account",
            MaxAge = Lifetime,
        });
        return options.RequestOptionsJson;
    }

    /// <summary>Whether the credential is one of the user's passkeys, answering the challenge this browser was given.</summary>
    public async Task<bool> VerifyAsync(PartnerCmsUser user, string? credentialJson)
    {
        var cookie = Context.Request.Cookies[CookieName];
        Context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/account" });
        if (string.IsNullOrWhiteSpace(credentialJson) || credentialJson.Length > 64 * 1024 || string.IsNullOrEmpty(cookie))
        {
            return false;
        }

        string[] parts;
        try
        {
            parts = _protector.Unprotect(cookie).Split('\n', 3);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }

        if (parts.Length != 3 || parts[0] != user.Id
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expires) || expires < clock.GetUtcNow().UtcDateTime.Ticks)
        {
            return false;
        }

        PasskeyAssertionResult<PartnerCmsUser> result;
        try
        {
            result = await handler.PerformAssertionAsync(new PasskeyAssertionContext { CredentialJson = credentialJson, AssertionState = parts[2], HttpContext = Context });
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or ArgumentException)
        {
            return false;
        }

        if (!result.Succeeded || result.User is null || result.User.Id != user.Id)
        {
            return false;
        }

        // The sign count and flags the authenticator reported are kept (a cloned authenticator shows up as a count that goes back).
        return (await users.AddOrUpdatePasskeyAsync(user, result.Passkey)).Succeeded;
    }
}
