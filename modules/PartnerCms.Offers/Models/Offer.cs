using PartnerCms.Core.Content;

namespace PartnerCms.Offers.Models;

public enum OfferKind
{
    TrialInvitation,
    PurchaseOffer,

    /// <summary>A stand-alone delegated-administration offer to an existing customer (R14): no subscriptions.</summary>
    DelegatedAdministration,
}

public enum OfferStatus
{
    Draft,
    Active,
    Withdrawn,
    Expired,

    /// <summary>A delegated-administration offer made to one customer, which that customer's global administrator declined.</summary>
    Declined,
}

/// <summary>One subscription of an offer: a trial SKU, or a paid SKU with a number of user licences (R7).</summary>
public sealed class OfferLine
{
    public string SkuCode { get; set; } = string.Empty;

    public string SkuName { get; set; } = string.Empty;

    public int Licences { get; set; }

    public int? TrialDays { get; set; }
}

/// <summary>A trial invitation or purchase offer (R7–R11). Nothing in it is tied to one customer (R10).</summary>
public sealed class OfferPart : ContentPart
{
    public const string ContentType = "Offer";

    public OfferKind Kind { get; set; }

    public string QuoteId { get; set; } = string.Empty;

    /// <summary>The partner's ID: the advisor code the link carries (R9).</summary>
    public string AdvisorCode { get; set; } = string.Empty;

    public string OfficeId { get; set; } = string.Empty;

    public string UsageLocation { get; set; } = string.Empty;

    public List<OfferLine> Lines { get; set; } = [];

    public bool IncludesDelegatedAdministration { get; set; }

    /// <summary>The end of the relationship the offer proposes (time-bound delegated administration); none: until removed.</summary>
    public DateTime? RelationshipEndsUtc { get; set; }

    /// <summary>The delegated roles asked for (null: the Full bundle, offers made before roles).</summary>
    public List<string>? DelegatedRoles { get; set; }

    /// <summary>How long the relationship lasts from acceptance (null: until removed, or <see cref="RelationshipEndsUtc"/>).</summary>
    public int? RelationshipDays { get; set; }

    public bool RelationshipAutoExtend { get; set; }

    /// <summary>The roles asked for, in catalogue order.</summary>
    public IReadOnlyList<string> AskedRoles => DelegatedRoles ?? (IReadOnlyList<string>)PartnerCms.Core.Security.DelegatedRoles.FullBundle;

    /// <summary>Delegated-administration offers made from a lookup result: the one customer that may answer it.</summary>
    public string? CustomerOrganizationId { get; set; }

    public OfferStatus Status { get; set; }

    /// <summary>Who declined the offer made to their organization, and when (status Declined).</summary>
    public string? DeclinedBy { get; set; }

    public DateTime? DeclinedUtc { get; set; }

    public DateTime? ExpiresUtc { get; set; }

    /// <summary>Plain text a shared link of this offer shows instead of the partner's (og:title); empty: the partner's.</summary>
    public string? ShareTitle { get; set; }

    public string? ShareDescription { get; set; }

    /// <summary>A media library image for shared links of this offer instead of the partner's; null: the partner's.</summary>
    public string? ShareImageId { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    /// <summary>The link's signature, made once, so the offer keeps one link however often it is shown (R10).</summary>
    public string LinkSignature { get; set; } = string.Empty;
}

public sealed class OfferIndex : ContentIndex
{
    public string QuoteId { get; set; } = string.Empty;

    public OfferKind Kind { get; set; }

    public OfferStatus Status { get; set; }

    public string OfficeId { get; set; } = string.Empty;

    public string CreatedBy { get; set; } = string.Empty;

    public DateTime? ExpiresUtc { get; set; }

    public DateTime CreatedUtc { get; set; }
}

public sealed class OfferIndexProvider : ContentIndexProvider<OfferIndex>
{
    public override string ContentType => OfferPart.ContentType;

    protected override void Map(ContentItem item, OfferIndex index)
    {
        var offer = item.Get<OfferPart>();
        index.QuoteId = offer.QuoteId;
        index.Kind = offer.Kind;
        index.Status = offer.Status;
        index.OfficeId = offer.OfficeId;
        index.CreatedBy = offer.CreatedBy;
        index.ExpiresUtc = offer.ExpiresUtc;
        index.CreatedUtc = item.CreatedUtc;
    }
}
