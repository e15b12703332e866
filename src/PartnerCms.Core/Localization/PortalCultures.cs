using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace PartnerCms.Core.Localization;

/// <summary>
/// The cultures the operator enabled (configuration "Cultures": en-US always, plus any .NET culture) and the country
/// or region → culture table an offer's usage location is read through.
/// </summary>
public sealed class CultureOptions
{
    public const string Default = "en-US";

    /// <summary>Enabled cultures besides en-US (names of .NET cultures: de-DE, fr-FR, ja-JP…).</summary>
    public List<string> Enabled { get; set; } = ["de-DE", "fr-FR"];

    /// <summary>Usage location (ISO country code) → culture; a country not listed uses en-US.</summary>
    public Dictionary<string, string> Countries { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["US"] = "en-US",
        ["GB"] = "en-GB",
        ["CA"] = "en-CA",
        ["AU"] = "en-AU",
        ["IE"] = "en-IE",
        ["DE"] = "de-DE",
        ["AT"] = "de-AT",
        ["CH"] = "de-CH",
        ["LI"] = "de-LI",
        ["FR"] = "fr-FR",
        ["BE"] = "fr-BE",
        ["LU"] = "fr-LU",
        ["MC"] = "fr-MC",
        ["JP"] = "ja-JP",
        ["ES"] = "es-ES",
        ["MX"] = "es-MX",
        ["IT"] = "it-IT",
        ["NL"] = "nl-NL",
    };
}

/// <summary>
/// Which culture a customer-facing page speaks: the visitor's choice, then Accept-Language, then the offer's usage
/// location, then en-US — each only among the cultures on offer (the partner's published ones).
/// </summary>
public sealed class PortalCultures
{
    /// <summary>Site settings (SiteSettings rows) the operator's Cultures page writes over the configuration.</summary>
    public const string EnabledKey = "Cultures:Enabled";

    public const string CountriesKey = "Cultures:Countries";

    /// <summary>How long a node goes on with what it read before it reads the operator's settings again.</summary>
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(5);

    private readonly CultureOptions _options;
    private readonly IServiceScopeFactory? _scopes;
    private readonly TimeProvider _clock;
    private Snapshot _snapshot;
    private long _loadedTicks;
    private int _refreshing;

    /// <summary>
    /// How many distinct (choice, Accept-Language) pairs a node keeps parsed; past it, a pair is parsed on each request.
    /// Only short values are kept (a choice up to 64 characters, a header up to 512), so the table stays under ~1.5 MB.
    /// </summary>
    public const int ParsedPreferencesLimit = 1024;

    private sealed record Snapshot(Dictionary<string, CultureInfo> Enabled, IReadOnlyList<CultureInfo> List, Dictionary<string, string> Countries, string Signature)
    {
        /// <summary>
        /// The visitors' preference lists already worked out for these cultures: browsers send a handful of distinct
        /// Accept-Language values, and parsing one (and looking up its cultures) costs more than sending a cached
        /// landing page. Bounded, since the header is the visitor's to write; dropped with the snapshot when the
        /// operator changes the cultures.
        /// </summary>
        public ConcurrentDictionary<(string? Choice, string? AcceptLanguage), VisitorCultures> Parsed { get; } = new();
    }

    public PortalCultures(IOptions<CultureOptions> options)
        : this(options, null, TimeProvider.System)
    {
    }

    [ActivatorUtilitiesConstructor]
    public PortalCultures(IOptions<CultureOptions> options, IServiceScopeFactory? scopes, TimeProvider clock)
    {
        _options = options.Value;
        _scopes = scopes;
        _clock = clock;
        _snapshot = Build(_options.Enabled, new Dictionary<string, string>(_options.Countries, StringComparer.OrdinalIgnoreCase));
        _loadedTicks = scopes is null ? long.MaxValue : 0;
    }

    private static Snapshot Build(IEnumerable<string> enabledNames, Dictionary<string, string> countries)
    {
        var enabled = new Dictionary<string, CultureInfo>(StringComparer.OrdinalIgnoreCase) { [CultureOptions.Default] = CultureInfo.GetCultureInfo(CultureOptions.Default) };
        foreach (var name in enabledNames)
        {
            if (TryGet(name) is { } culture)
            {
                enabled.TryAdd(culture.Name, culture);
            }
        }

        var signature = string.Join(',', enabled.Keys) + "|" + string.Join(',', countries.OrderBy(c => c.Key, StringComparer.OrdinalIgnoreCase).Select(c => c.Key + "=" + c.Value));
        return new Snapshot(enabled, [.. enabled.Values], countries, signature);
    }

    private Snapshot Current
    {
        get
        {
            if (_scopes is not null && _clock.GetTimestamp() - Interlocked.Read(ref _loadedTicks) > RefreshAfter.TotalSeconds * _clock.TimestampFrequency
                && Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0)
            {
                // Read again in the background: this request goes on with what the node has (at most a few seconds old).
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await RefreshAsync(CancellationToken.None);
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException)
                    {
                        Interlocked.Exchange(ref _loadedTicks, _clock.GetTimestamp());
                    }
                    finally
                    {
                        Interlocked.Exchange(ref _refreshing, 0);
                    }
                });
            }

            return _snapshot;
        }
    }

    /// <summary>Reads the operator's settings (enabled cultures, country table) over the configuration now.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        if (_scopes is null)
        {
            return;
        }

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerCms.Core.Data.PartnerCmsDbContext>();
        var rows = await db.Set<PartnerCms.Core.Themes.SiteSetting>().AsNoTracking().Where(r => r.Key == EnabledKey || r.Key == CountriesKey).ToListAsync(cancellationToken);
        Apply(rows.FirstOrDefault(r => r.Key == EnabledKey)?.Value, rows.FirstOrDefault(r => r.Key == CountriesKey)?.Value);
    }

    /// <summary>Uses the operator's settings as stored (null: the configuration's).</summary>
    internal void Apply(string? enabled, string? countries)
    {
        var table = new Dictionary<string, string>(_options.Countries, StringComparer.OrdinalIgnoreCase);
        foreach (var (country, culture) in ParseCountries(countries))
        {
            table[country] = culture;
        }

        var snapshot = Build(enabled is null ? _options.Enabled : enabled.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), table);
        if (snapshot.Signature != _snapshot.Signature)
        {
            // Unchanged settings keep the snapshot, and with it the preferences parsed so far.
            _snapshot = snapshot;
        }

        Interlocked.Exchange(ref _loadedTicks, _clock.GetTimestamp());
    }

    internal static Dictionary<string, string> ParseCountries(string? stored)
    {
        var table = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in (stored ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (pair.Split('=') is [var country, var culture] && country.Length == 2)
            {
                table[country] = culture;
            }
        }

        return table;
    }

    /// <summary>The country → culture table in force (the configuration's, with the operator's changes).</summary>
    public IReadOnlyDictionary<string, string> Countries => Current.Countries;

    /// <summary>en-US first, then the others in the order configured.</summary>
    public IReadOnlyList<CultureInfo> Enabled => Current.List;

    public static CultureInfo DefaultCulture { get; } = CultureInfo.GetCultureInfo(CultureOptions.Default);

    /// <summary>An enabled culture by name (case-insensitive), or null.</summary>
    public CultureInfo? Find(string? name) => name is not null && Current.Enabled.TryGetValue(name.Trim(), out var culture) ? culture : null;

    /// <summary>The culture of a usage location (null when the table has none, or it is not enabled).</summary>
    public CultureInfo? ForCountry(string? countryCode) =>
        countryCode is not null && Current.Countries.TryGetValue(countryCode, out var name) ? Find(name) ?? SameLanguage(name, Enabled) : null;

    /// <summary>
    /// The visitor's preferences in order among the enabled cultures: their choice, then Accept-Language by quality (a
    /// language without a region, or another region, takes the first enabled culture of that language).
    /// </summary>
    public IReadOnlyList<CultureInfo> Preferences(string? choice, string? acceptLanguage) => VisitorPreferences(choice, acceptLanguage).Cultures;

    /// <summary><see cref="Preferences"/> with the list's key ("de-DE,fr-FR"; "" for none), worked out once per distinct pair.</summary>
    public VisitorCultures VisitorPreferences(string? choice, string? acceptLanguage)
    {
        var snapshot = Current;
        if (snapshot.Parsed.TryGetValue((choice, acceptLanguage), out var known))
        {
            return known;
        }

        var parsed = Parse(snapshot, choice, acceptLanguage);
        if (snapshot.Parsed.Count < ParsedPreferencesLimit && (choice?.Length ?? 0) <= 64 && (acceptLanguage?.Length ?? 0) <= 512)
        {
            snapshot.Parsed.TryAdd((choice, acceptLanguage), parsed);
        }

        return parsed;
    }

    private static VisitorCultures Parse(Snapshot snapshot, string? choice, string? acceptLanguage)
    {
        var preferences = new List<CultureInfo>(2);
        void Add(CultureInfo? culture)
        {
            if (culture is not null && !preferences.Contains(culture) && preferences.Count < 4)
            {
                preferences.Add(culture);
            }
        }

        CultureInfo? Find(string? name) => name is not null && snapshot.Enabled.TryGetValue(name.Trim(), out var culture) ? culture : null;
        Add(Find(choice) ?? SameLanguage(choice, snapshot.List));
        if (!string.IsNullOrEmpty(acceptLanguage) && acceptLanguage.Length <= 512
            && StringWithQualityHeaderValue.TryParseList(acceptLanguage.Split(','), out var languages))
        {
            foreach (var language in languages.Where(l => (l.Quality ?? 1) > 0).OrderByDescending(l => l.Quality ?? 1))
            {
                var tag = language.Value.Value;
                Add(Find(tag) ?? SameLanguage(tag, snapshot.List));
            }
        }

        return new VisitorCultures(preferences, string.Join(',', preferences.Select(p => p.Name)));
    }

    /// <summary>
    /// The culture to speak among <paramref name="available"/> (en-US is always one): the first preference on offer
    /// (same name, else same language), else the usage location's, else en-US.
    /// </summary>
    public static CultureInfo Choose(IReadOnlyList<CultureInfo> preferences, CultureInfo? usageLocation, IReadOnlyCollection<CultureInfo> available)
    {
        foreach (var preference in preferences)
        {
            if (available.Contains(preference))
            {
                return preference;
            }

            if (available.FirstOrDefault(a => a.TwoLetterISOLanguageName == preference.TwoLetterISOLanguageName) is { } sameLanguage)
            {
                return sameLanguage;
            }
        }

        if (usageLocation is not null)
        {
            return available.Contains(usageLocation) ? usageLocation
                : available.FirstOrDefault(a => a.TwoLetterISOLanguageName == usageLocation.TwoLetterISOLanguageName) ?? DefaultCulture;
        }

        return DefaultCulture;
    }

    private static CultureInfo? SameLanguage(string? tag, IReadOnlyList<CultureInfo> among)
    {
        if (TryGet(tag) is not { } culture)
        {
            return null;
        }

        return among.FirstOrDefault(c => c.TwoLetterISOLanguageName == culture.TwoLetterISOLanguageName);
    }

    /// <summary>A predefined .NET culture by name, or null (never a made-up one).</summary>
    public static CultureInfo? TryGet(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 35 || name == "*")
        {
            return null;
        }

        try
        {
            var culture = CultureInfo.GetCultureInfo(name.Trim(), predefinedOnly: true);
            return culture.Equals(CultureInfo.InvariantCulture) ? null : culture;
        }
        catch (CultureNotFoundException)
        {
            return null;
        }
    }
}

/// <summary>A visitor's preferred cultures in order, and their names joined ("de-DE,fr-FR"; "" for none) as a cache key.</summary>
public sealed record VisitorCultures(IReadOnlyList<CultureInfo> Cultures, string Key);
