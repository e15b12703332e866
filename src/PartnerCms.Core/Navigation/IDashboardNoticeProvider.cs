
namespace PartnerCms.Core.Navigation;

/// <summary>A module's notice for the dashboard, per request (null: nothing for this user).</summary>
public interface IDashboardNoticeProvider
{
    Task<DashboardNotice?> GetAsync(System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken);
}
