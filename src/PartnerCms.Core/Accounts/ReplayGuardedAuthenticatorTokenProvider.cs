using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;

namespace PartnerCms.Core.Accounts;

/// <summary>
/// Identity's authenticator (TOTP) provider, which checks the code, plus a refusal of a code already accepted while it is
/// still valid (replay): the accepted code's hash is kept on the user row for a few minutes and saved under the row's
/// concurrency stamp, so of two requests with one code (on one node or two) only one succeeds.
/// </summary>
public sealed class ReplayGuardedAuthenticatorTokenProvider(TimeProvider clock) : AuthenticatorTokenProvider<PartnerCmsUser>
{
    public const string ProviderName = "PartnerCmsAuthenticator";

    /// <summary>Longer than Identity accepts a code (its time step and the steps either side).</summary>
    private static readonly TimeSpan Remembered = TimeSpan.FromMinutes(5);

    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<PartnerCmsUser> manager, PartnerCmsUser user)
    {
        var code = new string((token ?? string.Empty).Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());
        if (code.Length != 6 || !code.All(char.IsAsciiDigit) || !await base.ValidateAsync(purpose, code, manager, user))
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(user.Id + ":" + code)))[..16];
        var recent = Parse(user.RecentAuthenticatorCodes).Where(r => now - r.At < Remembered).ToList();
        if (recent.Any(r => r.Hash == hash))
        {
            return false;
        }

        recent.Add((hash, now));
        user.RecentAuthenticatorCodes = string.Join(';', recent.TakeLast(20).Select(r => r.Hash + "@" + r.At.Ticks.ToString(CultureInfo.InvariantCulture)));
        // Saved now, under the concurrency stamp: a second request with the same code fails here or sees it above.
        return (await manager.UpdateAsync(user)).Succeeded;
    }

    private static IEnumerable<(string Hash, DateTime At)> Parse(string? text)
    {
        foreach (var entry in (text ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = entry.IndexOf('@', StringComparison.Ordinal);
            if (at > 0 && long.TryParse(entry.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks < DateTime.MaxValue.Ticks)
            {
                yield return (entry[..at], new DateTime(ticks, DateTimeKind.Utc));
            }
        }
    }
}
