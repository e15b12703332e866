namespace PartnerCms.Core.Themes;

/// <summary>
/// What a partner's landing page shows of the partner (R1: its company information, shown to customers). Pages that
/// render in the landing theme put one in <c>ViewData[Landing.BrandingKey]</c> and use <see cref="Landing.Layout"/>.
/// </summary>
public sealed class LandingBranding
{
    public string Name { get; init; } = string.Empty;

    public string PartnerId { get; init; } = string.Empty;

    public string Phone { get; init; } = string.Empty;

    public string Email { get; init; } = string.Empty;

    public string WebSite { get; init; } = string.Empty;

    public IReadOnlyList<string> AddressLines { get; init; } = [];
}

public static class Landing
{
    /// <summary>The Razor layout name of the landing theme.</summary>
    public const string Layout = "_LandingLayout";

    public const string BrandingKey = "LandingBranding";
}

/// <summary>The landing theme's layout: wraps a page body (HTML) in the partner's landing page.</summary>
public interface ILandingLayout
{
    Task<string> RenderAsync(LandingBranding? partner, string? title, string contentHtml, CancellationToken cancellationToken = default);
}
