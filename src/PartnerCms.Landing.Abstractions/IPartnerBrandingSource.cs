
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
}
