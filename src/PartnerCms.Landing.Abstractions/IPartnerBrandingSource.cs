
namespace PartnerCms.Landing;

/// <summary>The branding module answers: the published branding, or (previewing) the draft. Null: the theme's defaults.</summary>
public interface IPartnerBrandingSource
{
    Task<PartnerBrandingView?> GetAsync(string organizationId, bool draft, CancellationToken cancellationToken = default);

    /// <summary>The branding with the texts of <paramref name="culture"/> where the partner published them (else the default's).</summary>
    Task<PartnerBrandingView?> GetInCultureAsync(string organizationId, bool draft, System.Globalization.CultureInfo? culture, CancellationToken cancellationToken = default) =>
        GetAsync(organizationId, draft, cancellationToken);

    /// <summary>The cultures the partner's landing pages are offered in: en-US and those it published texts for.</summary>
    Task<IReadOnlyList<System.Globalization.CultureInfo>> CulturesAsync(string organizationId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<System.Globalization.CultureInfo>>([PartnerCms.Core.Localization.PortalCultures.DefaultCulture]);

    /// <summary>The published headline and introduction as written (Liquid), in the default culture.</summary>
    Task<(string Headline, string Introduction)> TextsAsync(string organizationId, CancellationToken cancellationToken = default) =>
        Task.FromResult((string.Empty, string.Empty));

    /// <summary>
    /// Publishes a new headline and introduction (a headline experiment's winner) with the rest of the published
    /// branding unchanged; null when done, else why not (unpublished changes in the draft, a review the partner requires).
    /// </summary>
    Task<string?> PublishTextsAsync(string organizationId, string headline, string introduction, string by, CancellationToken cancellationToken = default) =>
        Task.FromResult<string?>("The branding cannot be changed from here.");
}
