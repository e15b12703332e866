namespace PartnerCms.Offers.Models;

// Events other modules (workflows) react to; published after the change is saved.

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
