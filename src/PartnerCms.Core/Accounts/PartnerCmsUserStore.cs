using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Data;

namespace PartnerCms.Core.Accounts;

/// <summary>
/// Identity's own store, reading users across organizations: a user name is unique platform-wide and signing in happens
/// before anyone's organization is known, so authentication (find by name, id or e-mail; the validators' uniqueness
/// checks) must see every user. Everything else reads users through the organization filter.
/// </summary>
public sealed class PartnerCmsUserStore(PartnerCmsDbContext context, IdentityErrorDescriber? describer = null)
    : UserStore<PartnerCmsUser, IdentityRole, PartnerCmsDbContext, string>(context, describer)
{
    public override IQueryable<PartnerCmsUser> Users =>
        base.Users.AcrossOrganizations("authentication: user names are unique platform-wide and sign-in precedes the organization");

    public override Task<PartnerCmsUser?> FindByIdAsync(string userId, CancellationToken cancellationToken = default) =>
        Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
}
