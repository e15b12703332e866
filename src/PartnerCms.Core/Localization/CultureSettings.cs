using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Audit;
using PartnerCms.Core.Data;
using PartnerCms.Core.Themes;
using PartnerCms.Core.Validation;

namespace PartnerCms.Core.Localization;

/// <summary>
/// The operator's changes to the cultures (Administration → Cultures): which are enabled besides en-US, and the
/// country → culture table. Stored as site settings over the configuration; this node uses them at once, the others
/// within <see cref="PortalCultures.RefreshAfter"/>.
/// </summary>
public sealed class CultureSettings(PartnerCmsDbContext db, PortalCultures cultures, AuditTrail audit, TimeProvider clock)
{
    public const int MaxCultures = 30;

    /// <summary>The cultures with the portal's own words translated (the rest show those words in English).</summary>
    public static readonly IReadOnlyList<string> TranslatedLanguages = ["en", "de", "fr"];

    /// <summary>Enables a predefined .NET culture; null when done, else why not.</summary>
    public async Task<string?> EnableAsync(string? name, string by, CancellationToken cancellationToken = default)
    {
        var culture = PortalCultures.TryGet(name);
        if (culture is null)
        {
            return $"'{name?.Trim()}' is not a culture .NET knows: use a name such as de-DE, fr-CA or ja-JP.";
        }

        if (cultures.Find(culture.Name) is not null)
        {
            return $"{culture.EnglishName} is already enabled.";
        }

        if (cultures.Enabled.Count >= MaxCultures)
        {
            return $"At most {MaxCultures} cultures can be enabled.";
        }

        await SaveAsync(PortalCultures.EnabledKey, string.Join(',', cultures.Enabled.Skip(1).Select(c => c.Name).Append(culture.Name)), by, cancellationToken);
        audit.Record("cultures.enabled", $"{culture.Name} ({culture.EnglishName})", null, null, actorUserName: by);
        await db.SaveChangesAsync(cancellationToken);
        await cultures.RefreshAsync(cancellationToken);
        return null;
    }

    /// <summary>Disables a culture (never en-US): partners' texts in it stay, unused, until it is enabled again.</summary>
    public async Task<string?> DisableAsync(string? name, string by, CancellationToken cancellationToken = default)
    {
        var culture = cultures.Find(name);
        if (culture is null || culture.Name == CultureOptions.Default)
        {
            return culture is null ? "That culture is not enabled." : "en-US is always enabled: it is the default every page falls back to.";
        }

        await SaveAsync(PortalCultures.EnabledKey, string.Join(',', cultures.Enabled.Skip(1).Where(c => !c.Equals(culture)).Select(c => c.Name)), by, cancellationToken);
        audit.Record("cultures.disabled", $"{culture.Name} ({culture.EnglishName})", null, null, actorUserName: by);
        await db.SaveChangesAsync(cancellationToken);
        await cultures.RefreshAsync(cancellationToken);
        return null;
    }

    /// <summary>Sets the culture of a usage location (a known country code); null when done, else why not.</summary>
    public async Task<string?> SetCountryAsync(string? country, string? cultureName, string by, CancellationToken cancellationToken = default)
    {
        var code = country?.Trim().ToUpperInvariant();
        if (code is null || code.Length != 2 || CountriesAndRegions.Find(code) is null)
        {
            return "Choose a country or region.";
        }

        var culture = PortalCultures.TryGet(cultureName);
        if (culture is null)
        {
            return $"'{cultureName?.Trim()}' is not a culture .NET knows: use a name such as de-CH or fr-CA.";
        }

        var stored = await db.Set<SiteSetting>().AsNoTracking().Where(s => s.Key == PortalCultures.CountriesKey).Select(s => s.Value).FirstOrDefaultAsync(cancellationToken);
        var overrides = PortalCultures.ParseCountries(stored);
        overrides[code] = culture.Name;
        var value = string.Join(',', overrides.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}={o.Value}"));
        if (value.Length > 2000)
        {
            return "The table has too many changes: set fewer countries.";
        }

        await SaveAsync(PortalCultures.CountriesKey, value, by, cancellationToken);
        audit.Record("cultures.country-set", $"{code} ({CountriesAndRegions.NameOf(code)}) → {culture.Name}", null, null, actorUserName: by);
        await db.SaveChangesAsync(cancellationToken);
        await cultures.RefreshAsync(cancellationToken);
        return null;
    }

    private async Task SaveAsync(string key, string value, string by, CancellationToken cancellationToken)
    {
        var setting = await db.Set<SiteSetting>().FirstOrDefaultAsync(s => s.Key == key, cancellationToken);
        if (setting is null)
        {
            db.Add(setting = new SiteSetting { Key = key });
        }

        (setting.Value, setting.UpdatedUtc, setting.UpdatedBy) = (value, clock.GetUtcNow().UtcDateTime, by);
    }

    public static bool IsTranslated(CultureInfo culture) => TranslatedLanguages.Contains(culture.TwoLetterISOLanguageName, StringComparer.Ordinal);
}
