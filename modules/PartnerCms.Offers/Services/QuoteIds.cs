using System.Security.Cryptography;

namespace PartnerCms.Offers.Services;

/// <summary>
/// Quote IDs short enough to read over the phone: Q-XXX-XXX from 23 letters and digits that cannot be mistaken for
/// one another (no 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V). About 148 million combinations.
/// </summary>
public static class QuoteIds
{
    private const string Readable = "ACDEFGHJKMNPQRTWXY34679";

    public static string New()
    {
        Span<char> chars = stackalloc char[6];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Readable[RandomNumberGenerator.GetInt32(Readable.Length)];
        }

        return $"Q-{chars[..3]}-{chars[3..]}";
    }

    /// <summary>Accepts what a person types: any case, with or without the dashes and the Q.</summary>
    public static string? Normalize(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return null;
        }

        var letters = new string(typed.Trim().ToUpperInvariant().Where(char.IsLetterOrDigit).ToArray());
        if (letters.Length == 7 && letters[0] == 'Q')
        {
            letters = letters[1..];
        }

        return letters.Length == 6 && letters.All(Readable.Contains) ? $"Q-{letters[..3]}-{letters[3..]}" : null;
    }
}
