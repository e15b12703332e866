
namespace PartnerCms.Landing;

/// <summary>The branding module answers: the published branding, or (previewing) the draft. Null: the theme's defaults.</summary>
public interface IPartnerBrandingSource
{
    Task<PartnerBrandingView?> GetAsync(string organizationId, bool draft, CancellationToken cancellationToken = default);
}
