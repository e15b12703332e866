namespace PartnerCms.Offers.Models;

// Events other modules (workflows) react to; written to the outbox with the change they report, delivered after it commits.

public sealed record OfferCreated(string OfferId, string QuoteId, string PartnerOrganizationId, OfferKind Kind, string CreatedBy);

public sealed record OfferViewed(string OfferId, string QuoteId, string PartnerOrganizationId, DateTime ViewedUtc);

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

public sealed record OfferWithdrawn(string OfferId, string QuoteId, string PartnerOrganizationId, string WithdrawnBy);
