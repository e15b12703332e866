using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Data;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Security;

namespace PartnerCms.Directory.Services;

/// <summary>The organization whose account portal is open: the caller's own.</summary>
public sealed class AccountPortalContext(PartnerCmsDbContext db, ICurrentOrganization currentOrganization)
{
    private Organization? _organization;

    public async Task<Organization?> GetOrganizationAsync(CancellationToken cancellationToken = default)
    {
        if (_organization is null && currentOrganization.OrganizationId is { } id)
        {
            _organization = await db.Organizations.AsNoTracking().Include(o => o.Domains).FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        }

        return _organization;
    }

    /// <summary>Global administrators may give administrator roles and reset administrators' passwords.</summary>
    public static bool IsGlobalAdministrator(ClaimsPrincipal user) =>
        user.IsInRole(OrganizationRoles.CustomerGlobalAdministrator) || user.IsInRole(OrganizationRoles.PartnerGlobalAdministrator) || user.IsInRole(DelegatedRoles.OnBehalfPrefix + DelegatedRoles.GlobalAdministrator);
}
