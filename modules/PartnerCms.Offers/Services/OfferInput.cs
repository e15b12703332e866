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

    /// <summary>What a shared link of this offer shows (og:title); empty: the partner's.</summary>
    public string? ShareTitle { get; set; }

    public string? ShareDescription { get; set; }

    /// <summary>An image of the partner's media library for shared links of this offer; empty: the partner's.</summary>
    public string? ShareImageId { get; set; }

    public DateTime? ExpiresOn { get; set; }

    /// <summary>Delegated-administration offers: the last day of the relationship, or none.</summary>
    public DateTime? RelationshipEndsOn { get; set; }

    /// <summary>Delegated-administration offers: the customer (from a lookup result) it is made to, or none (any customer's global administrator may answer).</summary>
    public string? CustomerId { get; set; }

    /// <summary>Delegated administration: the roles asked for (none: the Full bundle, as before roles).</summary>
    public List<string>? DelegatedRoles { get; set; }

    /// <summary>Delegated-administration offers: how long the relationship lasts from its acceptance, 1 to 730 days.</summary>
    public int? RelationshipDays { get; set; }

    /// <summary>Delegated-administration offers: extend by six months at the end date (never with Global administrator).</summary>
    public bool AutoExtend { get; set; }

    /// <summary>A renewal of an active relationship (the customer is already the partner's): set by <see cref="OfferService.RenewAsync"/> only.</summary>
    internal bool Renewal { get; set; }

    /// <summary>Recipes only: the Quote ID to use, so that running a recipe again finds the offer it made.</summary>
    public string? QuoteId { get; set; }
}
