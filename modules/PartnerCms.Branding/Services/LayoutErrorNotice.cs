using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using PartnerCms.Branding.Models;
using PartnerCms.Core.Data;
using PartnerCms.Core.Navigation;
using PartnerCms.Core.Security;

namespace PartnerCms.Branding.Services;

/// <summary>On the dashboard of those who edit the branding: the partner's own layout failed and the theme's is shown.</summary>
public sealed class LayoutErrorNotice(PartnerCmsDbContext db, IAuthorizationService authorization) : IDashboardNoticeProvider
{
    public async Task<DashboardNotice?> GetAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var organizationId = user.GetOrganizationId();
        if (organizationId is null || !await authorization.HasPermissionAsync(user, Permissions.ManageBranding))
        {
            return null;
        }

        var error = await db.Set<PartnerBranding>().AsNoTracking().Where(b => b.OrganizationId == organizationId && b.LayoutError != null)
            .Select(b => new { b.LayoutError, b.LayoutErrorUtc }).FirstOrDefaultAsync(cancellationToken);
        return error is null
            ? null
            : new DashboardNotice(
                $"Your landing page layout failed at {error.LayoutErrorUtc:yyyy-MM-dd HH:mm} UTC, so customers see the theme's layout: {error.LayoutError}",
                "/partner/branding", "Fix it in Landing page branding", "layout-error");
    }
}
