namespace PartnerCms.Core.Validation;

public sealed record CountryOrRegion(string Code, string Name);

/// <summary>The countries and regions the platform serves (ISO 3166-1 alpha-2 codes).</summary>
public static class CountriesAndRegions
{
    public static IReadOnlyList<CountryOrRegion> All { get; } = new CountryOrRegion[]
    {
        new("AR", "Argentina"), new("AU", "Australia"), new("AT", "Austria"), new("BE", "Belgium"), new("BR", "Brazil"),
        new("CA", "Canada"), new("CL", "Chile"), new("CN", "China"), new("CO", "Colombia"), new("CZ", "Czechia"),
        new("DK", "Denmark"), new("EG", "Egypt"), new("FI", "Finland"), new("FR", "France"), new("DE", "Germany"),
        new("GR", "Greece"), new("HK", "Hong Kong SAR"), new("HU", "Hungary"), new("IN", "India"), new("ID", "Indonesia"),
        new("IE", "Ireland"), new("IL", "Israel"), new("IT", "Italy"), new("JP", "Japan"), new("KE", "Kenya"),
        new("KR", "Korea"), new("MY", "Malaysia"), new("MX", "Mexico"), new("NL", "Netherlands"), new("NZ", "New Zealand"),
        new("NG", "Nigeria"), new("NO", "Norway"), new("PE", "Peru"), new("PH", "Philippines"), new("PL", "Poland"),
        new("PT", "Portugal"), new("RO", "Romania"), new("SA", "Saudi Arabia"), new("SG", "Singapore"), new("ZA", "South Africa"),
        new("ES", "Spain"), new("SE", "Sweden"), new("CH", "Switzerland"), new("TW", "Taiwan"), new("TH", "Thailand"),
        new("TR", "Türkiye"), new("AE", "United Arab Emirates"), new("GB", "United Kingdom"), new("US", "United States"), new("VN", "Vietnam"),
    }.OrderBy(c => c.Name, StringComparer.Ordinal).ToArray();

    public static CountryOrRegion? Find(string? code) =>
        code is null ? null : All.FirstOrDefault(c => string.Equals(c.Code, code.Trim(), StringComparison.OrdinalIgnoreCase));

    public static string NameOf(string? code) => Find(code)?.Name ?? code ?? string.Empty;
}

public static class CountriesAndRegionsSelectList
{
    /// <summary>The options of a country-or-region drop-down.</summary>
    public static IEnumerable<Microsoft.AspNetCore.Mvc.Rendering.SelectListItem> Items() =>
        CountriesAndRegions.All.Select(c => new Microsoft.AspNetCore.Mvc.Rendering.SelectListItem(c.Name, c.Code));
}
