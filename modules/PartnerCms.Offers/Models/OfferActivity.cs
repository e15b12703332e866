using PartnerCms.Core.Organizations;

namespace PartnerCms.Offers.Models;

/// <summary>
/// One customer organization's acceptance of an offer (R12, R13). The partner owns the row (its dashboard reads it);
/// an organization accepts an offer once (unique offer + customer), so a double submit or concurrent accepts make one.
/// </summary>
public sealed class OfferAcceptance : IOrganizationScoped
{
    public long Id { get; set; }

    /// <summary>The partner organization that made the offer.</summary>
    public string OrganizationId { get; set; } = string.Empty;

    public string OfferId { get; set; } = string.Empty;

    public string QuoteId { get; set; } = string.Empty;

    public string CustomerOrganizationId { get; set; } = string.Empty;

    public string CustomerName { get; set; } = string.Empty;

    public string AcceptedBy { get; set; } = string.Empty;

    /// <summary>The customer organization was created by signing up from this offer's link.</summary>
    public bool SignedUp { get; set; }

    /// <summary>Whether the customer also accepted the offer's delegated administration (R13); the delegation feature turns it into a relationship.</summary>
    public bool DelegatedAdministrationAccepted { get; set; }

    /// <summary>User licences of all the subscriptions the acceptance created.</summary>
    public int Licences { get; set; }

    public DateTime AcceptedUtc { get; set; }

    /// <summary>
    /// The one-time token of the sign-up form that made this acceptance: the same form sent twice (a double click) is
    /// recognised by it, never by checking the password again.
    /// </summary>
    public string? SubmissionId { get; set; }
}

/// <summary>How many times an offer's landing page was opened on one day (counted in memory, saved in batches).</summary>
public sealed class OfferDailyViews : IOrganizationScoped
{
    public long Id { get; set; }

    public string OrganizationId { get; set; } = string.Empty;

    public string OfferId { get; set; } = string.Empty;

    public DateOnly Day { get; set; }

    public int Views { get; set; }
}

/// <summary>When an offer's landing page was first opened (saved with the first batch of its views; the offer-viewed event's trigger).</summary>
public sealed class OfferFirstView : IOrganizationScoped
{
    public string OfferId { get; set; } = string.Empty;

    public string OrganizationId { get; set; } = string.Empty;

    public DateTime ViewedUtc { get; set; }
}
