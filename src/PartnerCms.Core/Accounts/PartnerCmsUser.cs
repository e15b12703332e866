using Microsoft.AspNetCore.Identity;

namespace PartnerCms.Core.Accounts;

/// <summary>A person who signs in. Belongs to exactly one organization; the user name is an e-mail address.</summary>
public sealed class PartnerCmsUser : IdentityUser, Organizations.IOrganizationScoped
{
    public string OrganizationId { get; set; } = string.Empty;

    public string DisplayName { get; set; } = string.Empty;

    /// <summary>Set after an administrator resets the password: the user chooses a new one at next sign-in.</summary>
    public bool MustChangePassword { get; set; }

    public DateTime CreatedUtc { get; set; }

    /// <summary>
    /// Partner users only: "administrative access to companies you support". Gives rights in the customers that made
    /// this partner a delegated administrator, none in the partner's own organization.
    /// </summary>
    public DelegatedAccess DelegatedAccess { get; set; }
}

public enum DelegatedAccess
{
    None,

    /// <summary>The equivalent of the customer's global administrator.</summary>
    Full,

    /// <summary>The equivalent of the customer's password administrator.</summary>
    Limited,
}
