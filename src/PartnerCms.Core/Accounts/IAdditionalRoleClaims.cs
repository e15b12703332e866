using PartnerCms.Core.Organizations;

namespace PartnerCms.Core.Accounts;

/// <summary>
/// Role claims a module adds to a user's sign-in from its own data (e.g. membership of a partner's delegated-administration
/// teams). Read when the claims are made: at sign-in and at every security-stamp refresh, so a module that changes what it
/// answers updates the user's security stamp.
/// </summary>
public interface IAdditionalRoleClaims
{
    Task<IReadOnlyList<string>> RolesOfAsync(PartnerCmsUser user, OrganizationKind kind, CancellationToken cancellationToken = default);

    /// <summary>The same for many users of one organization (a list page); override to read them in one query.</summary>
    async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> RolesOfManyAsync(IReadOnlyCollection<PartnerCmsUser> users, OrganizationKind kind, CancellationToken cancellationToken = default)
    {
        var roles = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var user in users)
        {
            roles[user.Id] = await RolesOfAsync(user, kind, cancellationToken);
        }

        return roles;
    }
}
