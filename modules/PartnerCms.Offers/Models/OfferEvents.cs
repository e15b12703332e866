namespace PartnerCms.Offers.Models;

// Events other modules (workflows) react to; written to the outbox with the change they report, delivered after it commits.

public sealed record OfferCreated(string OfferId, string QuoteId, string PartnerOrganizationId, OfferKind Kind, string CreatedBy);

public sealed record OfferViewed(string OfferId, string QuoteId, string PartnerOrganizationId, DateTime ViewedUtc);

/// <summary>An offer's landing page was opened for the first time (raised when the first views are saved, a few seconds later).</summary>
public sealed record OfferFirstViewed(string OfferId, string QuoteId, string PartnerOrganizationId, DateTime ViewedUtc);

public sealed record AcceptedSubscription(string SubscriptionId, string SkuCode, string SkuName, int Licences, bool IsTrial);

public sealed record OfferAccepted(
    string OfferId,
    string QuoteId,
    string PartnerOrganizationId,
    string CustomerOrganizationId,
    string AcceptedBy,
    bool SignedUp,
    bool DelegatedAdministrationAccepted,
    IReadOnlyList<AcceptedSubscription> Subscriptions);

/// <summary>An accepted offer started trial subscriptions for a customer (raised with <see cref="OfferAccepted"/>).</summary>
public sealed record TrialStarted(
    string OfferId, string QuoteId, string PartnerOrganizationId, string CustomerOrganizationId, string AcceptedBy, DateTime EndsUtc, IReadOnlyList<AcceptedSubscription> Subscriptions);

/// <summary>A new customer organization signed up through one of the partner's offers (raised with <see cref="OfferAccepted"/>).</summary>
public sealed record CustomerSignedUp(string OfferId, string QuoteId, string PartnerOrganizationId, string CustomerOrganizationId, string CustomerName, string SignedUpBy);

public sealed record OfferWithdrawn(string OfferId, string QuoteId, string PartnerOrganizationId, string WithdrawnBy);
