using System.ComponentModel.DataAnnotations;
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

    [Required(ErrorMessage = "Enter the street address.")]
    [StringLength(200)]
    [Display(Name = "Street address")]
    public string AddressLine1 { get; set; } = string.Empty;

    [StringLength(200)]
    [Display(Name = "Address line 2")]
    public string? AddressLine2 { get; set; }

    [Required(ErrorMessage = "Enter the city.")]
    [StringLength(100)]
    [Display(Name = "City")]
    public string City { get; set; } = string.Empty;

    [StringLength(100)]
    [Display(Name = "State or province")]
    public string? StateOrProvince { get; set; }

    [Required(ErrorMessage = "Enter the postal code.")]
    [StringLength(20)]
    [Display(Name = "Postal code")]
    public string PostalCode { get; set; } = string.Empty;

    [Required(ErrorMessage = "Choose the country or region.")]
    [CountryOrRegion]
    [Display(Name = "Country or region")]
    public string CountryOrRegion { get; set; } = string.Empty;

    [StringLength(2000, ErrorMessage = "The description can have at most 2,000 characters.")]
    [Display(Name = "About the company")]
    public string? Description { get; set; }
}
