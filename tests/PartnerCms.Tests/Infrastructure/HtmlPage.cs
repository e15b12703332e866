using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace PartnerCms.Tests.Infrastructure;

/// <summary>
/// Pages are asserted as a browser reads them: parsed (AngleSharp), then looked up by selector — a test id, a role, a
/// label, an attribute — never by a substring of the raw markup, which quoting, attribute order or encoding would change.
/// </summary>
public static class HtmlPage
{
    private static readonly HtmlParser Parser = new();

    public static IHtmlDocument Parse(string html) => Parser.ParseDocument(html);

    /// <summary>Whether the page has an element matching <paramref name="selector"/>.</summary>
    public static bool Has(string html, string selector) => Parse(html).QuerySelector(selector) is not null;

    /// <summary>Fails unless the page has an element matching <paramref name="selector"/>.</summary>
    public static void AssertHas(string html, string selector) =>
        Assert.True(Has(html, selector), $"The page has no element matching {selector}.");

    /// <summary>The trimmed text of the one element matching <paramref name="selector"/> (fails when there is none).</summary>
    public static string Text(string html, string selector)
    {
        var element = Parse(html).QuerySelector(selector);
        Assert.True(element is not null, $"The page has no element matching {selector}.");
        return element!.TextContent.Trim();
    }

    /// <summary>The elements matching <paramref name="selector"/>.</summary>
    public static IReadOnlyList<IElement> All(string html, string selector) => Parse(html).QuerySelectorAll(selector).ToList();

    /// <summary>The values of an attribute on every element the selector matches, in document order.</summary>
    public static IReadOnlyList<string> Attributes(string html, string selector, string attribute) =>
        Parse(html).QuerySelectorAll(selector).Select(e => e.GetAttribute(attribute) ?? string.Empty).ToList();
}
