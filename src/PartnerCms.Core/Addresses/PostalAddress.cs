using System.ComponentModel.DataAnnotations;
using PartnerCms.Core.Validation;

namespace PartnerCms.Core.Addresses;

/// <summary>A postal address as people enter it; the same rules wherever an address is kept (company, office, customer).</summary>
public sealed class PostalAddress
{
    [Required(ErrorMessage = "Enter the street address.")]
    [StringLength(200)]
    [Display(Name = "Street address")]
    public string Line1 { get; set; } = string.Empty;

    [StringLength(200)]
    [Display(Name = "Address line 2")]
    public string? Line2 { get; set; }

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
    [StringLength(2)]
    [Display(Name = "Country or region")]
    public string CountryOrRegion { get; set; } = string.Empty;

    /// <summary>A trimmed copy, optional lines empty as null and the country code upper-case: the form it is stored in.</summary>
    public PostalAddress Normalized() => new()
    {
        Line1 = Line1.Trim(),
        Line2 = string.IsNullOrWhiteSpace(Line2) ? null : Line2.Trim(),
        City = City.Trim(),
        StateOrProvince = string.IsNullOrWhiteSpace(StateOrProvince) ? null : StateOrProvince.Trim(),
        PostalCode = PostalCode.Trim(),
        CountryOrRegion = CountryOrRegion.Trim().ToUpperInvariant(),
    };

    /// <summary>The address as lines to print, the country or region by name.</summary>
    public IEnumerable<string> Lines()
    {
        yield return Line1;
        if (!string.IsNullOrWhiteSpace(Line2))
        {
            yield return Line2;
        }

        yield return $"{PostalCode} {City}{(string.IsNullOrWhiteSpace(StateOrProvince) ? "" : ", " + StateOrProvince)}".Trim();
        yield return CountriesAndRegions.NameOf(CountryOrRegion);
    }
}
