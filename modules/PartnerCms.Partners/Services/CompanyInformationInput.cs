using System.ComponentModel.DataAnnotations;
using PartnerCms.Core.Addresses;
using PartnerCms.Core.Validation;

namespace PartnerCms.Partners.Services;

/// <summary>What a global administrator may change; the same rules apply to the edit form and to recipes.</summary>
public sealed class CompanyInformationInput
{
    [Required(ErrorMessage = "Enter the company name.")]
    [StringLength(256, ErrorMessage = "The company name can have at most 256 characters.")]
    [Display(Name = "Company name")]
    public string CompanyName { get; set; } = string.Empty;

    [Required(ErrorMessage = "Enter a phone number customers can call.")]
    [StringLength(32)]
    [PhoneNumber]
    [Display(Name = "Phone")]
    public string Phone { get; set; } = string.Empty;

    [Required(ErrorMessage = "Enter an e-mail address customers can write to.")]
    [StringLength(254)]
    [EmailAddressStrict]
    [Display(Name = "E-mail")]
    public string Email { get; set; } = string.Empty;

    [StringLength(512)]
    [WebSite]
    [Display(Name = "Web site")]
    public string? WebSite { get; set; }

    public PostalAddress Address { get; set; } = new();

    [StringLength(2000, ErrorMessage = "The description can have at most 2,000 characters.")]
    [Display(Name = "About the company")]
    public string? Description { get; set; }
}
