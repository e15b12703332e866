namespace PartnerCms.Offers.Services;

/// <summary>What an offer's signed link leads to.</summary>
public enum OfferLinkState
{
    Open,
    Invalid,
    Withdrawn,
    Expired,
}
