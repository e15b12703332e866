using System.ComponentModel.DataAnnotations;
using PartnerCms.Core.Validation;

namespace PartnerCms.Partners.Services;

/// <summary>An office as the global administrator enters it.</summary>
public sealed class OfficeInput
{
    [Required(ErrorMessage = "Enter the office name.")]
    [StringLength(200)]
    [Display(Name = "Office name")]
    public string Name { get; set; } = string.Empty;

    [Required(ErrorMessage = "Enter the location ID.")]
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9-]{0,31}$", ErrorMessage = "A location ID has 1 to 32 letters, digits or dashes.")]
    [Display(Name = "Location ID")]
    public string LocationId { get; set; } = string.Empty;

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

    [StringLength(32)]
    [PhoneNumber]
    [Display(Name = "Phone")]
    public string? Phone { get; set; }
}
