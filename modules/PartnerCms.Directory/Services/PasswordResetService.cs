using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Accounts;

namespace PartnerCms.Directory.Services;

public sealed record PasswordResetResult(bool Succeeded, string? UserName, string? TemporaryPassword, string? Error);

/// <summary>
/// Resets a user's password to a temporary one, shown once to the administrator; the user must choose a new
/// password at next sign-in. Only global administrators (or Full delegated administrators) may reset an
/// administrator's password.
/// </summary>
public sealed class PasswordResetService(UserManager<PartnerCmsUser> userManager, UserDirectoryService directory)
{
    public async Task<PasswordResetResult> ResetAsync(string organizationId, string userId, bool mayResetAdministrators, string actingUserId, CancellationToken cancellationToken = default)
    {
        var target = await directory.FindAsync(organizationId, userId, cancellationToken);
        if (target is null)
        {
            return new PasswordResetResult(false, null, null, "The user does not exist.");
        }

        if (target.Id == actingUserId)
        {
            return new PasswordResetResult(false, target.UserName, null, "To change your own password, use Change password.");
        }

        if (target.IsAdministrator && !mayResetAdministrators)
        {
            return new PasswordResetResult(false, target.UserName, null, $"{target.UserName} is an administrator: only a global administrator can reset an administrator's password.");
        }

        var user = await userManager.Users.FirstAsync(u => u.Id == target.Id, cancellationToken);
        var temporary = TemporaryPassword();
        var token = await userManager.GeneratePasswordResetTokenAsync(user);
        var reset = await userManager.ResetPasswordAsync(user, token, temporary);
        if (!reset.Succeeded)
        {
            return new PasswordResetResult(false, target.UserName, null, string.Join(" ", reset.Errors.Select(e => e.Description)));
        }

        user.MustChangePassword = true;
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        await userManager.UpdateAsync(user);
        return new PasswordResetResult(true, target.UserName, temporary, null);
    }

    /// <summary>Readable over the phone, and always meets the password rules: Xxxx-xxxx-9999.</summary>
    public static string TemporaryPassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghjkmnpqrstuvwxyz", digits = "23456789";
        static char Pick(string alphabet) => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        var first = new string([Pick(upper), Pick(lower), Pick(lower), Pick(lower)]);
        var second = new string([Pick(lower), Pick(upper), Pick(lower), Pick(lower)]);
        var third = new string([Pick(digits), Pick(digits), Pick(digits), Pick(digits)]);
        return $"{first}-{second}-{third}";
    }
}
