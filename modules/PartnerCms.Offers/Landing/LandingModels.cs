namespace PartnerCms.Offers.Landing;

// What the offer's landing-page template reads. Only these (and the partner's branding) are given to it.

public sealed class LandingSubscriptionModel
{
    public string Sku { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public int Licences { get; init; }

    public int TrialDays { get; init; }
}

public sealed class LandingOfferModel
{
    public string QuoteId { get; init; } = string.Empty;

    public bool IsTrial { get; init; }

    public bool IncludesDelegatedAdministration { get; init; }

    /// <summary>A stand-alone delegated-administration offer (R14): no subscriptions.</summary>
    public bool IsDelegatedAdministration { get; init; }

    public DateTime? RelationshipEndsOn { get; init; }

    public DateTime? ExpiresOn { get; init; }

    public string UsageLocation { get; init; } = string.Empty;

    /// <summary>The accept page's address, carrying the same signed advisor code (the seed's sign-up link).</summary>
    public string AcceptUrl { get; init; } = string.Empty;

    public IReadOnlyList<LandingSubscriptionModel> Subscriptions { get; init; } = [];
}

/// <summary>An office on the partner's public page (retired offices are not shown).</summary>
public sealed class LandingOfficeModel
{
    public string Name { get; init; } = string.Empty;

    public string City { get; init; } = string.Empty;

    public string Country { get; init; } = string.Empty;
}
