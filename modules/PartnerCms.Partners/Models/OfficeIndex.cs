using PartnerCms.Core.Content;

namespace PartnerCms.Partners.Models;

/// <summary>The query side of offices: one row per office, the latest version.</summary>
public sealed class OfficeIndex : ContentIndex
{
    public string Name { get; set; } = string.Empty;

    public string LocationId { get; set; } = string.Empty;

    /// <summary>Upper-case location ID, unique within a partner.</summary>
    public string NormalizedLocationId { get; set; } = string.Empty;

    public string City { get; set; } = string.Empty;

    public string CountryOrRegion { get; set; } = string.Empty;

    public bool Retired { get; set; }

    public static string Normalize(string locationId) => locationId.Trim().ToUpperInvariant();
}

public sealed class OfficeIndexProvider : ContentIndexProvider<OfficeIndex>
{
    public override string ContentType => OfficePart.ContentType;

    protected override void Map(ContentItem item, OfficeIndex index)
    {
        var office = item.Get<OfficePart>();
        index.Name = office.Name;
        index.LocationId = office.LocationId;
        index.NormalizedLocationId = OfficeIndex.Normalize(office.LocationId);
        index.City = office.Address.City;
        index.CountryOrRegion = office.Address.CountryOrRegion;
        index.Retired = office.Retired;
    }
}
