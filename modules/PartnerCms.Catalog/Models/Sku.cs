namespace PartnerCms.Catalog.Models;

/// <summary>A subscription the vendor sells. A trial SKU is the free, time-limited variant of a paid one.</summary>
public sealed class Sku
{
    public required string Code { get; set; }

    public required string Name { get; set; }

    public string Description { get; set; } = string.Empty;

    public bool IsTrial { get; set; }

    /// <summary>For a trial: how many days it lasts.</summary>
    public int? TrialDays { get; set; }

    /// <summary>For a trial: the paid SKU it lets the customer try.</summary>
    public string? TrialOf { get; set; }

    /// <summary>The most user licences one organization may hold of this SKU.</summary>
    public int MaxLicences { get; set; } = 10_000;

    public List<SkuAvailability> Availability { get; set; } = [];
}

/// <summary>A usage location (country or region) where a SKU can be bought.</summary>
public sealed class SkuAvailability
{
    public int Id { get; set; }

    public required string SkuCode { get; set; }

    public required string CountryOrRegion { get; set; }
}
