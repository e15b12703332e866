using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Audit;
using PartnerCms.Core.Data;
using PartnerCms.Core.Events;
using PartnerCms.Core.Organizations;
using PartnerCms.Mail.Services;

namespace PartnerCms.Accounts.Services;

/// <summary>A passkey as its owner sees it (never the key).</summary>
public sealed record PasskeyView(string Id, string Name, DateTimeOffset CreatedAt);

/// <summary>What the authenticator set-up page shows: the key in groups of four, the otpauth URI and its QR code (SVG).</summary>
public sealed record AuthenticatorSetup(string GroupedKey, string Uri, string QrSvg);

/// <summary>
/// Sets up, removes and resets a user's two-step methods on Identity's own stores (authenticator key, passkeys, recovery
/// codes), and records each change: an audit entry in the user's organization and an event for the workflows.
/// </summary>
public sealed class TwoStepService(
    UserManager<PartnerCmsUser> users, IUserStore<PartnerCmsUser> store, PartnerCmsDbContext db, TwoStepPolicy policy, AuditTrail audit, EventOutbox events, MailQueue mail)
{
    public const int RecoveryCodeCount = 10;
    public const int MaxPasskeys = 20;
    public const int MaxPasskeyNameLength = 60;
    private const string Issuer = "PartnerCms";

    public Task<TwoStepState> StateAsync(PartnerCmsUser user, CancellationToken cancellationToken = default) => policy.StateAsync(user, cancellationToken);

    public async Task<IReadOnlyList<PasskeyView>> PasskeysAsync(PartnerCmsUser user) =>
        (await users.GetPasskeysAsync(user))
            .OrderBy(p => p.CreatedAt)
            .Select(p => new PasskeyView(Base64Url(p.CredentialId), string.IsNullOrWhiteSpace(p.Name) ? "Passkey" : p.Name, p.CreatedAt))
            .ToList();

    /// <summary>
    /// The key to set up (a new one is made while no app is confirmed; it is kept unconfirmed, so a half-done set-up
    /// changes nothing about how the user signs in).
    /// </summary>
    public async Task<AuthenticatorSetup> AuthenticatorSetupAsync(PartnerCmsUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key) || user.AuthenticatorKeyFromRecipe)
        {
            key = users.GenerateNewAuthenticatorKey();
            await ((IUserAuthenticatorKeyStore<PartnerCmsUser>)store).SetAuthenticatorKeyAsync(user, key, CancellationToken.None);
            user.AuthenticatorKeyFromRecipe = false;
            await users.UpdateAsync(user);
        }

        var grouped = string.Join(' ', Enumerable.Range(0, (key.Length + 3) / 4).Select(i => key.Substring(i * 4, Math.Min(4, key.Length - (i * 4)))));
        var label = Uri.EscapeDataString(Issuer + ":" + user.UserName);
        var uri = $"otpauth://totp/{label}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6&period=30";
        using var generator = new QRCoder.QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCoder.QRCodeGenerator.ECCLevel.M);
        var svg = new QRCoder.SvgQRCode(data).GetGraphic(4);
        return new AuthenticatorSetup(grouped, uri, svg);
    }

    /// <summary>Confirms the app with a current code and turns it on. False if the code is not right.</summary>
    public async Task<bool> ConfirmAuthenticatorAsync(PartnerCmsUser user, string code)
    {
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            return false;
        }

        user.MustSetUpTwoStep = false;
        await users.SetTwoFactorEnabledAsync(user, true);
        await RecordAsync(user, TwoStepChanges.MethodAdded, TwoStepMethods.Authenticator, byUserName: null);
        return true;
    }

    /// <summary>Refused (with why) when it is the user's last method and policy requires one.</summary>
    public async Task<string?> RemoveAuthenticatorAsync(PartnerCmsUser user)
    {
        var state = await policy.StateAsync(user);
        if (!state.HasAuthenticator)
        {
            return "There is no authenticator app to remove.";
        }

        if (state.Required && state.Passkeys == 0)
        {
            return $"You cannot remove your only two-step method: two-step sign-in is required because {state.RequiredBecause}. Add a passkey first.";
        }

        await users.RemoveAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey");
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.UpdateSecurityStampAsync(user);
        await RecordAsync(user, TwoStepChanges.MethodRemoved, TwoStepMethods.Authenticator, byUserName: null);
        return null;
    }

    public async Task<string?> AddPasskeyAsync(PartnerCmsUser user, UserPasskeyInfo passkey, string? name)
    {
        if ((await users.GetPasskeysAsync(user)).Count >= MaxPasskeys)
        {
            return $"You have {MaxPasskeys} passkeys, the most one user can have. Remove one first.";
        }

        passkey.Name = CleanName(name) ?? "Passkey";
        var result = await users.AddOrUpdatePasskeyAsync(user, passkey);
        if (!result.Succeeded)
        {
            return "The passkey could not be saved. Try again.";
        }

        user.MustSetUpTwoStep = false;
        await users.UpdateAsync(user);
        await RecordAsync(user, TwoStepChanges.MethodAdded, TwoStepMethods.Passkey + " \"" + passkey.Name + "\"", byUserName: null);
        return null;
    }

    public async Task<string?> RenamePasskeyAsync(PartnerCmsUser user, string id, string? name)
    {
        if (CleanName(name) is not { } clean)
        {
            return $"Give the passkey a name of at most {MaxPasskeyNameLength} characters.";
        }

        if (FromBase64Url(id) is not { } credentialId || await users.GetPasskeyAsync(user, credentialId) is not { } passkey)
        {
            return "That passkey is not one of yours.";
        }

        passkey.Name = clean;
        return (await users.AddOrUpdatePasskeyAsync(user, passkey)).Succeeded ? null : "The passkey could not be renamed. Try again.";
    }

    public async Task<string?> RemovePasskeyAsync(PartnerCmsUser user, string id)
    {
        if (FromBase64Url(id) is not { } credentialId || await users.GetPasskeyAsync(user, credentialId) is not { } passkey)
        {
            return "That passkey is not one of yours.";
        }

        var state = await policy.StateAsync(user);
        if (state.Required && !state.HasAuthenticator && state.Passkeys <= 1)
        {
            return $"You cannot remove your only two-step method: two-step sign-in is required because {state.RequiredBecause}. Add another passkey or an authenticator app first.";
        }

        await users.RemovePasskeyAsync(user, credentialId);
        // Other sessions end within a minute, as after a password change.
        await users.UpdateSecurityStampAsync(user);
        await RecordAsync(user, TwoStepChanges.MethodRemoved, TwoStepMethods.Passkey + " \"" + passkey.Name + "\"", byUserName: null);
        return null;
    }

    /// <summary>Ten new single-use codes (the old ones stop working); only their hashes are kept.</summary>
    public async Task<IReadOnlyList<string>> NewRecoveryCodesAsync(PartnerCmsUser user)
    {
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))?.ToList() ?? [];
        await RecordAsync(user, TwoStepChanges.RecoveryCodesRenewed, TwoStepMethods.RecoveryCode, byUserName: null);
        return codes;
    }

    /// <summary>
    /// An administrator's reset: every method removed, the user must set one up at the next sign-in, their sessions end
    /// within a minute, and they get an e-mail saying so.
    /// </summary>
    public async Task ResetAsync(PartnerCmsUser user, string byUserName)
    {
        await users.RemoveAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey");
        foreach (var passkey in await users.GetPasskeysAsync(user))
        {
            await users.RemovePasskeyAsync(user, passkey.CredentialId);
        }

        await ((IUserTwoFactorRecoveryCodeStore<PartnerCmsUser>)store).ReplaceCodesAsync(user, [], CancellationToken.None);
        user.MustSetUpTwoStep = true;
        user.AuthenticatorKeyFromRecipe = false;
        user.RecentAuthenticatorCodes = null;
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.UpdateSecurityStampAsync(user);
        if (!string.IsNullOrEmpty(user.Email))
        {
            mail.Add(new MailRequest(
                [user.Email],
                "Your two-step sign-in was reset",
                new StringBuilder()
                    .AppendLine("Hello " + user.DisplayName + ",")
                    .AppendLine()
                    .AppendLine(byUserName + " reset your two-step sign-in for PartnerCms. Your authenticator app, passkeys and recovery codes no longer work.")
                    .AppendLine("The next time you sign in with your password you will be asked to set up a new method before anything else.")
                    .AppendLine()
                    .AppendLine("If you did not ask for this, tell your administrator at once.")
                    .ToString(),
                "accounts:two-step-reset",
                OrganizationId: user.OrganizationId));
        }

        await RecordAsync(user, TwoStepChanges.Reset, method: null, byUserName);
    }

    /// <summary>Records a change: an audit entry in the user's organization and an event for workflows, saved now.</summary>
    public async Task RecordAsync(PartnerCmsUser user, string change, string? method, string? byUserName, string outcome = AuditOutcomes.Succeeded)
    {
        var kind = await db.Organizations.AcrossOrganizations("the audit entry belongs to the user's own organization, known before sign-in completes")
            .Where(o => o.Id == user.OrganizationId).Select(o => o.Kind).FirstOrDefaultAsync();
        var target = method is null ? user.UserName : $"{user.UserName}: {method}";
        audit.Record("two-step." + change, target,
            kind == OrganizationKind.Partner ? user.OrganizationId : null,
            kind == OrganizationKind.Customer ? user.OrganizationId : null,
            outcome,
            actorUserName: byUserName ?? user.UserName);
        events.Raise(new TwoStepSignInChanged(user.Id, user.UserName!, user.OrganizationId, change, method, byUserName), "two-step:" + user.Id);
        await db.SaveChangesAsync();
    }

    private static string? CleanName(string? name)
    {
        var clean = new string((name ?? string.Empty).Where(c => !char.IsControl(c)).ToArray()).Trim();
        return clean.Length is > 0 and <= MaxPasskeyNameLength ? clean : null;
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[]? FromBase64Url(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 1400)
        {
            return null;
        }

        var base64 = text.Trim().Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - (base64.Length % 4)) % 4);
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var written) ? buffer[..written] : null;
    }
}
