using PartnerCms.Offers.Models;

namespace PartnerCms.Offers.Services;

/// <summary>What the wizard asks (R8): partner office, usage location, subscriptions (with licences), delegated administration.</summary>
public sealed class OfferInput
{
    public OfferKind Kind { get; set; }

    public string? OfficeId { get; set; }

    public string? UsageLocation { get; set; }

    public List<OfferLineInput> Lines { get; set; } = [];

    public bool IncludesDelegatedAdministration { get; set; }

    public DateTime? ExpiresOn { get; set; }

    /// <summary>Delegated-administration offers: the last day of the relationship, or none.</summary>
    public DateTime? RelationshipEndsOn { get; set; }

    /// <summary>Delegated-administration offers: the customer (from a lookup result) it is made to, or none (any customer's global administrator may answer).</summary>
    public string? CustomerId { get; set; }

    /// <summary>Recipes only: the Quote ID to use, so that running a recipe again finds the offer it made.</summary>
    public string? QuoteId { get; set; }
}
