using System.ComponentModel.DataAnnotations;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Validation;

namespace PartnerCms.Directory.Services;

/// <summary>A user as an administrator enters them in the account portal.</summary>
public sealed class UserInput
{
    [Required(ErrorMessage = "Enter the user name: an e-mail address at one of your domains.")]
    [StringLength(254)]
    [EmailAddressStrict]
    [Display(Name = "User name")]
    public string UserName { get; set; } = string.Empty;

    [Required(ErrorMessage = "Enter the person's name.")]
    [StringLength(256)]
    [Display(Name = "Display name")]
    public string DisplayName { get; set; } = string.Empty;

    [Display(Name = "Administrator roles")]
    public List<string> Roles { get; set; } = [];

    /// <summary>Partner organizations only: administrative access to the companies the partner supports.</summary>
    [Display(Name = "Administrative access to companies you support")]
    public DelegatedAccess DelegatedAccess { get; set; }
}
