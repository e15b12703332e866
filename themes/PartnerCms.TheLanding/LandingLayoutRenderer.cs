using System.Text.Encodings.Web;
using Fluid;
using Microsoft.AspNetCore.Html;
using PartnerCms.Core.Liquid;
using PartnerCms.Core.Themes;

namespace PartnerCms.TheLanding;

/// <summary>What the layout template reads besides the partner: the page title, the stylesheet and the page's HTML.</summary>
public sealed class LandingPageModel
{
    public string Title { get; init; } = string.Empty;

    public string Stylesheet { get; init; } = string.Empty;

    /// <summary>The page body, already HTML; the layout writes it with <c>{{ page.content | raw }}</c>.</summary>
    public string Content { get; init; } = string.Empty;
}

/// <summary>
/// Renders the landing theme's Liquid layout (Layout/layout.liquid) around a page body. The template is parsed once;
/// the partner's own layout (partner branding) can replace it later without touching the pages.
/// </summary>
public sealed class LandingLayoutRenderer : ILandingLayout
{
    public const string Stylesheet = "/_content/PartnerCms.TheLanding/landing.css";

    private readonly LiquidTemplateService _liquid;
    private readonly IFluidTemplate _layout;

    public LandingLayoutRenderer(LiquidTemplateService liquid)
    {
        _liquid = liquid;
        using var stream = typeof(LandingLayoutRenderer).Assembly.GetManifestResourceStream("PartnerCms.TheLanding.Layout.layout.liquid")
            ?? throw new InvalidOperationException("The landing theme's layout.liquid is missing from the assembly.");
        using var reader = new StreamReader(stream);
        _layout = liquid.Parse(reader.ReadToEnd());
    }

    public Task<string> RenderAsync(LandingBranding? partner, string? title, IHtmlContent body, CancellationToken cancellationToken = default)
    {
        using var writer = new StringWriter();
        body.WriteTo(writer, HtmlEncoder.Default);
        return RenderAsync(partner, title, writer.ToString(), cancellationToken);
    }

    public async Task<string> RenderAsync(LandingBranding? partner, string? title, string contentHtml, CancellationToken cancellationToken = default)
    {
        var model = new Dictionary<string, object?>
        {
            ["partner"] = partner,
            ["page"] = new LandingPageModel { Title = title ?? string.Empty, Stylesheet = Stylesheet, Content = contentHtml },
        };
        return await _liquid.RenderAsync(_layout, model, html: true, cancellationToken);
    }
}
