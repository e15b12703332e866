
namespace PartnerCms.Landing;

/// <summary>What the layout reads besides the partner: the title, stylesheets, the page's HTML and the rendered partials.</summary>
public sealed class LandingPageModel
{
    public string Title { get; init; } = string.Empty;

    public string Stylesheet { get; init; } = string.Empty;

    public IReadOnlyList<string> Stylesheets { get; init; } = [];

    public string Theme { get; init; } = string.Empty;

    /// <summary>The page body, already HTML; the layout writes it with <c>{{ page.content | raw }}</c>.</summary>
    public string Content { get; init; } = string.Empty;

    public string Header { get; init; } = string.Empty;

    public string Footer { get; init; } = string.Empty;

    /// <summary>
    /// The search and share tags (robots, description, og:*, twitter:*), built and encoded by the portal from the
    /// partner's plain-text settings; the layout writes it in its head with <c>{{ page.head | raw }}</c>.
    /// </summary>
    public string Head { get; init; } = string.Empty;
}
