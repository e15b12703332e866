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

    /// <summary>Recovery codes are kept as hashes (Identity's store keeps them as typed): a copy of the table gives none away.</summary>
    public override Task ReplaceCodesAsync(PartnerCmsUser user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken) =>
        base.ReplaceCodesAsync(user, recoveryCodes.Select(c => HashCode(user, c)), cancellationToken);

    public override Task<bool> RedeemCodeAsync(PartnerCmsUser user, string code, CancellationToken cancellationToken) =>
        base.RedeemCodeAsync(user, HashCode(user, code), cancellationToken);

    /// <summary>
    /// PBKDF2 of the code (upper-case, without spaces or dashes) salted with the user's id: the same code always gives the
    /// same hash for one user (so Identity's redeem can compare), and guessing a code from a copied table costs 10,000
    /// hashes per guess per user.
    /// </summary>
    private static string HashCode(PartnerCmsUser user, string code)
    {
        var normal = new string((code ?? string.Empty).Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray()).ToUpperInvariant();
        var hash = System.Security.Cryptography.Rfc2898DeriveBytes.Pbkdf2(
            System.Text.Encoding.UTF8.GetBytes(normal), System.Text.Encoding.UTF8.GetBytes("recovery:" + user.Id), 10_000, System.Security.Cryptography.HashAlgorithmName.SHA256, 32);
        return Convert.ToHexStringLower(hash);
    }
}
