using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Ganss.Xss;

namespace PartnerCms.Landing;

/// <summary>What the sanitizer kept of a layout, and what it had to remove (empty: the layout was safe as written).</summary>
public sealed record LayoutSanitization(IHtmlDocument Document, IReadOnlyList<string> Removed)
{
    public bool Clean => Removed.Count == 0;

    /// <summary>The message a partner reads when the layout lost anything, or null.</summary>
    public string? Problem => Clean ? null : LayoutSafety.Describe(Removed);
}

/// <summary>
/// What a partner's own landing layout may contain, judged by an HTML parser (AngleSharp through HtmlSanitizer) against
/// an allow-list — never by matching text, which a quoted "&gt;" or an entity fools. The page is on the portal's origin,
/// so the layout may only arrange text, links and same-origin images: no script, frame, form, meta or base element, no
/// event handler, no style (CSS comes from the theme), no address that loads from elsewhere or runs code. Checked on the
/// source at save, and on the rendered output every time (Liquid can join pieces of text into what the source lacks).
/// </summary>
public static class LayoutSafety
{
    private static readonly string[] Tags =
    [
        "html", "head", "title", "body", "header", "footer", "main", "nav", "section", "article", "aside", "div", "span", "p",
        "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "a", "img", "strong", "em", "b", "i", "u", "s",
        "small", "mark", "br", "hr", "figure", "figcaption", "blockquote", "q", "cite", "address", "abbr", "time",
        "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    ];

    private static readonly string[] Attributes =
    [
        "class", "id", "lang", "dir", "title", "role", "tabindex", "hidden", "href", "src", "alt", "width", "height",
        "colspan", "rowspan", "scope", "datetime", "data-testid",
        "aria-label", "aria-labelledby", "aria-describedby", "aria-hidden", "aria-current", "aria-live",
    ];

    private static readonly string[] LinkSchemes = ["https", "http", "mailto", "tel"];

    /// <summary>Parses and sanitizes a whole layout document, recording each thing removed.</summary>
    public static LayoutSanitization Sanitize(string html)
    {
        var removed = new List<string>();
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(Tags, StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(Attributes, StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(LinkSchemes, StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href", "src", "action", "formaction", "background", "cite", "poster", "ping", "longdesc", "xlink:href", "srcset"], StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
        })
        {
            AllowDataAttributes = false,
            KeepChildNodes = false,
        };
        sanitizer.RemovingTag += (_, e) => removed.Add($"the element <{e.Tag.LocalName}>");
        sanitizer.RemovingAttribute += (_, e) => removed.Add(e.Reason == RemoveReason.NotAllowedUrlValue
            ? $"the address \"{Shorten(e.Attribute.Value)}\" in {e.Attribute.Name} of <{e.Tag.LocalName}>"
            : $"the attribute {e.Attribute.Name} of <{e.Tag.LocalName}>");
        sanitizer.RemovingStyle += (_, e) => removed.Add($"the style {e.Style.Name} of <{e.Tag.LocalName}>");
        sanitizer.RemovingAtRule += (_, e) => removed.Add("a CSS at-rule");
        sanitizer.FilterUrl += (_, e) => e.SanitizedUrl = e.SanitizedUrl is not null && IsAllowedUrl(e.Tag.LocalName, e.OriginalUrl) ? e.SanitizedUrl : null;

        var parser = new HtmlParser(new HtmlParserOptions { IsScripting = true });
        var document = parser.ParseDocument(html);
        sanitizer.SanitizeDom(document);
        return new LayoutSanitization(document, removed.Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>The message for a layout that lost anything to the sanitizer, or null when it lost nothing.</summary>
    public static string? Problem(string html) => Sanitize(html).Problem;

    public static string Describe(IReadOnlyList<string> removed) =>
        "The layout may only arrange text, links and the portal's own images; these would be removed: " + string.Join("; ", removed.Take(8))
        + (removed.Count > 8 ? $" and {removed.Count - 8} more" : string.Empty)
        + ". No scripts, frames, forms, meta or base elements, event handlers, styles (the theme's stylesheet applies) or addresses elsewhere.";

    /// <summary>
    /// A link (href of &lt;a&gt;) may go to a path of this site, a fragment, or an http(s), mailto or tel address; anything
    /// else that carries an address (an image) may only load a path of this site. Browsers drop tabs and new lines in
    /// addresses and read "\" as "/", so those are judged as a browser would read them.
    /// </summary>
    public static bool IsAllowedUrl(string tag, string? url)
    {
        if (url is null)
        {
            return false;
        }

        var value = new string(url.Where(c => c is not ('\t' or '\n' or '\r')).ToArray()).Trim();
        if (value.Length == 0 || value.Any(c => char.IsControl(c) || c == '\\'))
        {
            return false;
        }

        var sitePath = value[0] == '/' && (value.Length == 1 || value[1] != '/');
        if (!string.Equals(tag, "a", StringComparison.OrdinalIgnoreCase))
        {
            return sitePath;
        }

        if (sitePath || value[0] == '#')
        {
            return true;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var absolute)
            && LinkSchemes.Contains(absolute.Scheme, StringComparer.OrdinalIgnoreCase)
            && (absolute.Scheme is "mailto" or "tel" || !string.IsNullOrEmpty(absolute.Host));
    }

    /// <summary>Every text node of the document (the page's parts stand as text markers until they are put in).</summary>
    public static IEnumerable<IText> TextNodes(INode node) => node.ChildNodes.SelectMany(child => child is IText text ? [text] : TextNodes(child));

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
