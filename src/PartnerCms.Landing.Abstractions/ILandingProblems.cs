
namespace PartnerCms.Landing;

/// <summary>Where a partner's own layout broke: the branding module records it for the editor and the dashboard.</summary>
public interface ILandingProblems
{
    Task ReportLayoutErrorAsync(string organizationId, string error, CancellationToken cancellationToken = default);
}
