using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Hosting;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Hosting;

namespace PartnerCms.Accounts;

/// <summary>
/// <c>mfa code USER</c>: prints the current authenticator code of a demo user, so a newcomer can sign in without a phone.
/// Refuses outside the Development environment, and for any user whose key the demo recipe did not set (a key the user
/// set up themselves is theirs alone). Generating a code is RFC 6238 (HMAC-SHA1 over the 30-second step); checking
/// codes stays with Identity.
/// </summary>
public sealed class MfaCodeCommand(IHostEnvironment environment, UserManager<PartnerCmsUser> users, TimeProvider clock) : IPortalCommand
{
    public string Name => "mfa code";

    public string Description => "Prints the current authenticator code of a demo user (Development only).";

    public async Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter output, CancellationToken cancellationToken)
    {
        if (!environment.IsDevelopment())
        {
            await output.WriteLineAsync("'mfa code' runs only in the Development environment (it prints sign-in codes of demo users).");
            return 3;
        }

        if (arguments.Count != 1)
        {
            await output.WriteLineAsync("Usage: mfa code USER-NAME   (e.g. mfa code full@contosopartners.example)");
            return 2;
        }

        var user = await users.FindByNameAsync(arguments[0]);
        var key = user is null ? null : await users.GetAuthenticatorKeyAsync(user);
        if (user is null || !user.AuthenticatorKeyFromRecipe || string.IsNullOrEmpty(key) || Base32(key) is not { } secret)
        {
            await output.WriteLineAsync($"'{arguments[0]}' has no authenticator key from the demo recipe: 'mfa code' prints codes only for those.");
            return 4;
        }

        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var step = now / 30;
        await output.WriteLineAsync($"{Code(secret, step)}   (valid for {30 - (now % 30)} more seconds; next {Code(secret, step + 1)})");
        return 0;
    }

    private static string Code(byte[] secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
#pragma warning disable CA5350 // TOTP (RFC 6238) is defined on HMAC-SHA1, which authenticator apps use; this is not a hash for storage.
        var hash = HMACSHA1.HashData(secret, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var value = (BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset)) & 0x7FFFFFFF) % 1_000_000;
        return value.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[]? Base32(string text)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.Trim().TrimEnd('=').ToUpperInvariant())
        {
            var value = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0)
            {
                return null;
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)((buffer >> bits) & 0xFF));
            }
        }

        return bytes.Count > 0 ? bytes.ToArray() : null;
    }
}
