
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

    /// <summary>The page's language (the html element's lang): de, fr-BE…</summary>
    public string Language { get; init; } = "en";

    /// <summary>The languages the page is offered in (the partner's published ones), for the language switcher.</summary>
    public IReadOnlyList<LandingCultureModel> Cultures { get; init; } = [];
}

/// <summary>One entry of the landing page's language switcher.</summary>
public sealed class LandingCultureModel
{
    public string Name { get; init; } = string.Empty;

    /// <summary>The language's own name (Deutsch (Deutschland), français (France)).</summary>
    public string NativeName { get; init; } = string.Empty;

    /// <summary>The same page in this language (a relative URL the portal built).</summary>
    public string Url { get; init; } = string.Empty;

    public bool Current { get; init; }
}

/// <summary>The portal's own strings on customer-facing pages (LandingStrings.*.resx): read with the Liquid filter t and IStringLocalizer.</summary>
public sealed class LandingStrings;
