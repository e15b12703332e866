using System.ComponentModel.DataAnnotations;
using PartnerCms.Core.Addresses;
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

    public PostalAddress Address { get; set; } = new();

    [StringLength(32)]
    [PhoneNumber]
    [Display(Name = "Phone")]
    public string? Phone { get; set; }
}
