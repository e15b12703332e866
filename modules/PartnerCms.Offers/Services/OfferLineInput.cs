namespace PartnerCms.Offers.Services;

/// <summary>One subscription of an offer as the wizard asks for it.</summary>
public sealed class OfferLineInput
{
    public string? SkuCode { get; set; }

    public int? Licences { get; set; }
}
