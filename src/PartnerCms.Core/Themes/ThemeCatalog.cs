using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace PartnerCms.Core.Themes;

public static class ThemeServiceCollectionExtensions
{
    public static IServiceCollection AddTheme(this IServiceCollection services, ThemeDescriptor theme) => services.AddSingleton(theme);
}

/// <summary>The installed themes and their templates, resolved through the base-theme chain.</summary>
public sealed class ThemeCatalog
{
    public const string DefaultLandingTheme = "PartnerCms.TheLanding";

    private readonly Dictionary<string, ThemeDescriptor> _themes;

    public ThemeCatalog(IEnumerable<ThemeDescriptor> themes)
    {
        _themes = themes.ToDictionary(t => t.Id, StringComparer.Ordinal);
        foreach (var theme in _themes.Values.Where(t => t.BaseThemeId is not null && !_themes.ContainsKey(t.BaseThemeId)))
        {
            throw new InvalidOperationException($"The theme {theme.Id} builds on {theme.BaseThemeId}, which is not installed.");
        }
    }

    public IReadOnlyList<ThemeDescriptor> All => _themes.Values.OrderBy(t => t.Serves).ThenBy(t => t.Name, StringComparer.CurrentCulture).ToList();

    public ThemeDescriptor? Find(string? id) => id is not null && _themes.TryGetValue(id, out var theme) ? theme : null;

    /// <summary>The theme, then its base, and so on (a cycle stops the walk).</summary>
    public IEnumerable<ThemeDescriptor> Chain(string id)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var theme = Find(id); theme is not null && seen.Add(theme.Id); theme = Find(theme.BaseThemeId))
        {
            yield return theme;
        }
    }

    /// <summary>The template's source from the first theme in the chain that has it, and which theme that was.</summary>
    public (string Source, string ThemeId)? Template(string themeId, string name)
    {
        foreach (var theme in Chain(themeId))
        {
            using var stream = theme.Assembly.GetManifestResourceStream($"{theme.ResourcePrefix}.{name}.liquid");
            if (stream is not null)
            {
                using var reader = new StreamReader(stream);
                return (reader.ReadToEnd(), theme.Id);
            }
        }

        return null;
    }

    /// <summary>The stylesheets of the chain, base first, so a theme's own rules win.</summary>
    public IReadOnlyList<string> Stylesheets(string themeId) => Chain(themeId).Reverse().SelectMany(t => t.Stylesheets).Distinct(StringComparer.Ordinal).ToList();
}
