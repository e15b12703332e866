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

    /// <summary>Set after an administrator reset the user's two-step methods: the user sets one up at next sign-in.</summary>
    public bool MustSetUpTwoStep { get; set; }

    /// <summary>
    /// Hashes of the authenticator codes accepted in the last few minutes, with when (<c>hash@ticks;…</c>): a code is
    /// refused a second time while it is still valid (replay). Saved with the user row's concurrency stamp, so two nodes
    /// cannot both accept the same code.
    /// </summary>
    public string? RecentAuthenticatorCodes { get; set; }

    /// <summary>The authenticator key is the one the demo recipe gave (the <c>mfa code</c> command prints codes only for those).</summary>
    public bool AuthenticatorKeyFromRecipe { get; set; }
}

public enum DelegatedAccess
{
    None,

    /// <summary>The equivalent of the customer's global administrator.</summary>
    Full,

    /// <summary>The equivalent of the customer's password administrator.</summary>
    Limited,
}
