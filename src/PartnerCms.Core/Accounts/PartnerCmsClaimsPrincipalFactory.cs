using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerCms.Core.Data;
using PartnerCms.Core.Security;

namespace PartnerCms.Core.Accounts;

/// <summary>Adds the organization and display name to the sign-in cookie.</summary>
public sealed class PartnerCmsClaimsPrincipalFactory(
    UserManager<PartnerCmsUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IOptions<IdentityOptions> options,
    PartnerCmsDbContext db,
    TwoStepPolicy twoStep,
    IEnumerable<IAdditionalRoleClaims> additionalRoles)
    : UserClaimsPrincipalFactory<PartnerCmsUser, IdentityRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PartnerCmsUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(PartnerCmsClaims.OrganizationId, user.OrganizationId));
        identity.AddClaim(new Claim(PartnerCmsClaims.DisplayName, user.DisplayName));
        var organization = await db.Organizations.AcrossOrganizations("the claims are made at sign-in, before the user's organization is the current one")
            .Where(o => o.Id == user.OrganizationId).Select(o => new { o.Kind, o.RequireTwoStepSignIn }).FirstOrDefaultAsync();
        var kind = organization?.Kind ?? default;
        identity.AddClaim(new Claim(PartnerCmsClaims.OrganizationKind, kind.ToString()));
        if (kind == Organizations.OrganizationKind.Partner)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, OrganizationRoles.PartnerUser));
        }

        if (kind == Organizations.OrganizationKind.Partner && user.DelegatedAccess != DelegatedAccess.None)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, user.DelegatedAccess == DelegatedAccess.Full
                ? OrganizationRoles.DelegatedFullAdministration
                : OrganizationRoles.DelegatedLimitedAdministration));
        }

        foreach (var source in additionalRoles)
        {
            foreach (var role in await source.RolesOfAsync(user, kind, CancellationToken.None))
            {
                identity.AddClaim(new Claim(ClaimTypes.Role, role));
            }
        }

        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(PartnerCmsClaims.MustChangePassword, "true"));
        }

        var roles = identity.FindAll(identity.RoleClaimType).Select(c => c.Value).ToList();
        var twoStepState = await twoStep.StateAsync(user, roles, kind, organization?.RequireTwoStepSignIn == true, CancellationToken.None);
        if (twoStepState.HasMethod || twoStepState.Required)
        {
            identity.AddClaim(new Claim(PartnerCmsClaims.TwoStepApplies, "true"));
        }

        if (twoStepState.Required && !twoStepState.HasMethod)
        {
            identity.AddClaim(new Claim(PartnerCmsClaims.MustSetUpTwoStep, "true"));
        }
        return identity;
    }
}
