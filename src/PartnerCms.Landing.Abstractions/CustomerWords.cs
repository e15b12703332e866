using System.Collections.Concurrent;
using System.Globalization;
using System.Resources;
using System.Text;
using System.Text.RegularExpressions;

namespace PartnerCms.Landing;

/// <summary>
/// The portal's own words to customers in the current UI culture (LandingStrings.*.resx, the English text is the key).
/// Services write English messages, often with a value in them ("{0} has been saved."); a message that is not a key
/// itself is recognised by the format it was written with, and its values are put into the translated format — so a
/// service never needs to know who reads its message, and a page translates what it shows.
/// </summary>
public static class CustomerWords
{
    private static readonly ResourceManager Resources = new("PartnerCms.Landing.LandingStrings", typeof(LandingStrings).Assembly);
    private static readonly ConcurrentDictionary<string, IReadOnlyList<(Regex Pattern, string Format)>> FormatsByLanguage = new(StringComparer.Ordinal);
    private const int MinimumLiteral = 12;
    private const int MaximumMessage = 2000;
    private static readonly Regex Placeholder = new(@"\{(?<index>\d+)(?::[^}]*)?\}", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, TimeSpan.FromMilliseconds(100));

    /// <summary>Whether the current UI culture has translations (German or French today).</summary>
    public static bool Translates(CultureInfo culture) =>
        culture.TwoLetterISOLanguageName is not ("en" or "iv") && Set(culture) is not null;

    /// <summary>The text in the current UI culture: a key's translation, a recognised format's, else the text itself.</summary>
    public static string Say(string? text) => Say(text, CultureInfo.CurrentUICulture);

    /// <summary>The text in <paramref name="culture"/>: a key's translation, a recognised format's, else the text itself.</summary>
    public static string Say(string? text, CultureInfo culture)
    {
        if (string.IsNullOrEmpty(text) || !Translates(culture))
        {
            return text ?? string.Empty;
        }

        if (Exact(text, culture) is { } exact)
        {
            return exact;
        }

        // A message carrying a huge value (hostile input echoed back) is shown as written rather than searched.
        if (text.Length > MaximumMessage)
        {
            return text;
        }

        foreach (var (pattern, format) in Formats(culture))
        {
            Match match;
            try
            {
                match = pattern.Match(text);
            }
            catch (RegexMatchTimeoutException)
            {
                continue;
            }

            if (!match.Success)
            {
                continue;
            }

            var count = Placeholder.Matches(format).Select(m => int.Parse(m.Groups["index"].ValueSpan, CultureInfo.InvariantCulture)).DefaultIfEmpty(-1).Max() + 1;
            var values = new object[count];
            for (var i = 0; i < count; i++)
            {
                var value = match.Groups["p" + i.ToString(CultureInfo.InvariantCulture)];
                values[i] = value.Success ? Exact(value.Value, culture) ?? value.Value : string.Empty;
            }

            return string.Format(culture, format, values);
        }

        return text;
    }

    private static ResourceSet? Set(CultureInfo culture)
    {
        try
        {
            return Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: true);
        }
        catch (MissingManifestResourceException)
        {
            return null;
        }
    }

    private static string? Exact(string key, CultureInfo culture)
    {
        try
        {
            return Resources.GetString(key, culture) is { Length: > 0 } text ? text : null;
        }
        catch (MissingManifestResourceException)
        {
            return null;
        }
    }

    /// <summary>Each key with a placeholder as a pattern that reads the values back out of an English message, longest first.</summary>
    private static IReadOnlyList<(Regex Pattern, string Format)> Formats(CultureInfo culture) =>
        FormatsByLanguage.GetOrAdd(culture.Name, _ =>
        {
            var formats = new List<(Regex, string, int)>();
            if (Set(culture) is not { } set)
            {
                return [];
            }

            foreach (System.Collections.DictionaryEntry entry in set)
            {
                // Short formats ("Offer {0}") are titles a page translates itself; as patterns they would catch any message.
                if (entry.Key is not string key || entry.Value is not string translation || !Placeholder.IsMatch(key) || Placeholder.Replace(key, string.Empty).Length < MinimumLiteral)
                {
                    continue;
                }

                var pattern = new StringBuilder("^");
                var seen = new HashSet<string>(StringComparer.Ordinal);
                var at = 0;
                foreach (Match placeholder in Placeholder.Matches(key))
                {
                    pattern.Append(Regex.Escape(key[at..placeholder.Index]));
                    var name = "p" + placeholder.Groups["index"].Value;
                    pattern.Append(seen.Add(name) ? $"(?<{name}>.+?)" : $"\\k<{name}>");
                    at = placeholder.Index + placeholder.Length;
                }

                pattern.Append(Regex.Escape(key[at..])).Append('$');
                formats.Add((new Regex(pattern.ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, TimeSpan.FromMilliseconds(100)), translation, key.Length));
            }

            return formats.OrderByDescending(f => f.Item3).Select(f => (f.Item1, f.Item2)).ToList();
        });
}
