using PartnerCms.Core.Content;

namespace PartnerCms.Delegation.Models;

/// <summary>Offered → Active → Removed or Expired (or Offered → Declined or Withdrawn). Only Active, before its end date, grants anything.</summary>
public enum RelationshipStatus
{
    Active = 0,
    Removed = 1,
    Offered = 2,
    Expired = 3,
    Declined = 4,

    /// <summary>The partner withdrew its offer before the customer answered.</summary>
    Withdrawn = 5,
}

/// <summary>
/// A customer made a partner its delegated administrator (R15). The content item belongs to the customer; the partner
/// reads it through <see cref="DelegatedRelationshipIndex"/>. Its versions are the relationship's history.
/// </summary>
public sealed class DelegatedRelationshipPart : ContentPart
{
    public const string ContentType = "DelegatedRelationship";

    public string PartnerOrganizationId { get; set; } = string.Empty;

    public string CustomerOrganizationId { get; set; } = string.Empty;

    public RelationshipStatus Status { get; set; }

    public DateTime? OfferedUtc { get; set; }

    public string? OfferedBy { get; set; }

    /// <summary>The Quote ID of the offer that asks for the relationship (while offered).</summary>
    public string? OfferedThrough { get; set; }

    /// <summary>The path of that offer's signed link, so the customer can open it from its Partner relationships page.</summary>
    public string? OfferPath { get; set; }

    public DateTime AcceptedUtc { get; set; }

    public string? AcceptedBy { get; set; }

    /// <summary>Where it was accepted: an offer's Quote ID, or "recipe:…".</summary>
    public string? AcceptedThrough { get; set; }

    /// <summary>The end the partner chose when offering (time-bound relationships); none: until removed.</summary>
    public DateTime? EndsUtc { get; set; }

    /// <summary>Set once the "expiring in 14 days" event was raised, so it is raised once.</summary>
    public bool ExpiringAnnounced { get; set; }

    public DateTime? RemovedUtc { get; set; }

    public string? RemovedBy { get; set; }
}

/// <summary>One row per partner and customer pair.</summary>
public sealed class DelegatedRelationshipIndex : ContentIndex
{
    public string PartnerOrganizationId { get; set; } = string.Empty;

    public string CustomerOrganizationId { get; set; } = string.Empty;

    /// <summary>Status is Active (the end date is checked separately, at every request).</summary>
    public bool Active { get; set; }

    public RelationshipStatus Status { get; set; }

    public DateTime? EndsUtc { get; set; }
}

public sealed class DelegatedRelationshipIndexProvider : ContentIndexProvider<DelegatedRelationshipIndex>
{
    public override string ContentType => DelegatedRelationshipPart.ContentType;

    protected override void Map(ContentItem item, DelegatedRelationshipIndex index)
    {
        var part = item.Get<DelegatedRelationshipPart>();
        index.PartnerOrganizationId = part.PartnerOrganizationId;
        index.CustomerOrganizationId = part.CustomerOrganizationId;
        index.Active = part.Status == RelationshipStatus.Active;
        index.Status = part.Status;
        index.EndsUtc = part.EndsUtc;
    }
}

// Events for the workflow module, written to the outbox with the change.

/// <summary>A partner offered delegated administration: to a named customer, or (CustomerOrganizationId null) through a link any customer may open.</summary>
public sealed record DelegatedAdministrationOffered(string PartnerOrganizationId, string? CustomerOrganizationId, string QuoteId, string OfferedBy, DateTime? EndsUtc);

public sealed record DelegatedAdministrationAccepted(string PartnerOrganizationId, string CustomerOrganizationId, string AcceptedBy, string? AcceptedThrough, DateTime? EndsUtc);

public sealed record DelegatedAdministrationDeclined(string PartnerOrganizationId, string CustomerOrganizationId, string DeclinedBy, string? DeclinedThrough);

public sealed record DelegatedAdministrationRemoved(string PartnerOrganizationId, string CustomerOrganizationId, string RemovedBy);

public sealed record DelegatedAdministrationExpiring(string PartnerOrganizationId, string CustomerOrganizationId, DateTime EndsUtc);

public sealed record DelegatedAdministrationExpired(string PartnerOrganizationId, string CustomerOrganizationId, DateTime EndsUtc);
