using Microsoft.AspNetCore.Identity;

namespace PartnerCms.Core.Accounts;

/// <summary>A person who signs in. Belongs to exactly one organization; the user name is an e-mail address.</summary>
public sealed class PartnerCmsUser : IdentityUser
{
    public string OrganizationId { get; set; } = string.Empty;

    public string DisplayName { get; set; } = string.Empty;

    /// <summary>Set after an administrator resets the password: the user chooses a new one at next sign-in.</summary>
    public bool MustChangePassword { get; set; }

    public DateTime CreatedUtc { get; set; }
}
