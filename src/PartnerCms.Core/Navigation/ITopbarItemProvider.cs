
namespace PartnerCms.Core.Navigation;

/// <summary>A module's item for the top bar, per request (null: nothing for this user).</summary>
public interface ITopbarItemProvider
{
    Task<TopbarItem?> GetAsync(System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken);
}
