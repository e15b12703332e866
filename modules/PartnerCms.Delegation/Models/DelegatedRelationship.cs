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

    /// <summary>The customer did not answer the request within <see cref="RelationshipLifecycle.RequestLapsesAfter"/>.</summary>
    Lapsed = 6,
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

    /// <summary>Kept for relationships saved before notices at 30, 7 and 1 days (see <see cref="NoticeDaysSent"/>).</summary>
    public bool ExpiringAnnounced { get; set; }

    /// <summary>The roles the partner asked for (null: asked before roles existed, the Full bundle).</summary>
    public List<string>? AskedRoles { get; set; }

    /// <summary>The roles the customer approved (null: approved before roles existed, the Full bundle; never empty while active).</summary>
    public List<string>? ApprovedRoles { get; set; }

    /// <summary>How long the relationship lasts from its acceptance, as the partner asked (null: until removed).</summary>
    public int? DurationDays { get; set; }

    /// <summary>At its end date the relationship is extended by <see cref="RelationshipLifecycle.AutoExtensionMonths"/> months (never with Global administrator).</summary>
    public bool AutoExtend { get; set; }

    /// <summary>How many times it was extended automatically.</summary>
    public int Extensions { get; set; }

    /// <summary>The smallest of the notice days (30, 7, 1) already sent for the current end date; null: none yet.</summary>
    public int? NoticeDaysSent { get; set; }

    /// <summary>While active: the partner asked the customer to renew (a new request with the same roles) through this offer.</summary>
    public DateTime? RenewalRequestedUtc { get; set; }

    public string? RenewalQuoteId { get; set; }

    public string? RenewalOfferPath { get; set; }

    /// <summary>What the relationship allows now (legacy relationships: the Full bundle, which is what they allowed before roles).</summary>
    public IReadOnlyList<string> Approved => ApprovedRoles ?? (IReadOnlyList<string>)PartnerCms.Core.Security.DelegatedRoles.FullBundle;

    public IReadOnlyList<string> Asked => AskedRoles ?? (IReadOnlyList<string>)PartnerCms.Core.Security.DelegatedRoles.FullBundle;

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

    /// <summary>The approved roles, comma-separated in catalogue order (checked at every request of an on-behalf session).</summary>
    public string ApprovedRoles { get; set; } = string.Empty;

    public bool AutoExtend { get; set; }

    /// <summary>When the relationship last changed state (offered, accepted, ended): for sorting.</summary>
    public DateTime? ChangedUtc { get; set; }

    /// <summary>Active, with a renewal request waiting for the customer.</summary>
    public bool RenewalPending { get; set; }

    /// <summary>When the expiry job must next look at it (a notice, the end date, a request lapsing); null: never.</summary>
    public DateTime? NextDueUtc { get; set; }
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
        index.ApprovedRoles = part.Status == RelationshipStatus.Active ? PartnerCms.Core.Security.DelegatedRoles.Join(part.Approved) : string.Empty;
        index.AutoExtend = part.AutoExtend;
        index.ChangedUtc = part.Status switch
        {
            RelationshipStatus.Offered => part.OfferedUtc,
            RelationshipStatus.Active => part.AcceptedUtc,
            RelationshipStatus.Expired => part.EndsUtc,
            _ => part.RemovedUtc ?? part.OfferedUtc,
        };
        index.NextDueUtc = RelationshipLifecycle.NextDue(part);
        index.RenewalPending = part.Status == RelationshipStatus.Active && part.RenewalRequestedUtc is not null;
    }
}

// Events for the workflow module, written to the outbox with the change.

/// <summary>A partner offered delegated administration: to a named customer, or (CustomerOrganizationId null) through a link any customer may open.</summary>
public sealed record DelegatedAdministrationOffered(string PartnerOrganizationId, string? CustomerOrganizationId, string QuoteId, string OfferedBy, DateTime? EndsUtc);

public sealed record DelegatedAdministrationAccepted(
    string PartnerOrganizationId, string CustomerOrganizationId, string AcceptedBy, string? AcceptedThrough, DateTime? EndsUtc, IReadOnlyList<string>? ApprovedRoles = null);

public sealed record DelegatedAdministrationDeclined(string PartnerOrganizationId, string CustomerOrganizationId, string DeclinedBy, string? DeclinedThrough);

public sealed record DelegatedAdministrationRemoved(string PartnerOrganizationId, string CustomerOrganizationId, string RemovedBy);

/// <summary>Raised at each notice (30, 7 and 1 days before the end); <paramref name="DaysLeft"/> says which.</summary>
public sealed record DelegatedAdministrationExpiring(string PartnerOrganizationId, string CustomerOrganizationId, DateTime EndsUtc, int DaysLeft = 0);

/// <summary>The relationship reached its end date with auto-extend on and now ends later.</summary>
public sealed record DelegatedAdministrationExtended(string PartnerOrganizationId, string CustomerOrganizationId, DateTime PreviousEndsUtc, DateTime EndsUtc);

/// <summary>The customer removed one role from an active relationship; the partner's staff lost exactly that right.</summary>
public sealed record DelegatedRoleRemoved(string PartnerOrganizationId, string CustomerOrganizationId, string Role, string RemovedBy);

/// <summary>A request for delegated administration was not answered in time.</summary>
public sealed record DelegatedAdministrationLapsed(string PartnerOrganizationId, string CustomerOrganizationId, string? QuoteId);

public sealed record DelegatedAdministrationExpired(string PartnerOrganizationId, string CustomerOrganizationId, DateTime EndsUtc);
