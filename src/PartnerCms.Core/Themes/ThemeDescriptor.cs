using System.Reflection;

namespace PartnerCms.Core.Themes;

/// <summary>
/// A theme package (a project under themes/): what it is, what it serves, the theme it builds on, and where its
/// templates are — Liquid files embedded as "{ResourcePrefix}.{name}.liquid" ("layout", "header", "footer"). A template
/// the theme does not have comes from its base theme, so a theme may override only some of them.
/// </summary>
public sealed record ThemeDescriptor(
    string Id, string Name, string Description, ThemeTarget Serves, string? BaseThemeId, Assembly Assembly, string ResourcePrefix, IReadOnlyList<string> Stylesheets);
