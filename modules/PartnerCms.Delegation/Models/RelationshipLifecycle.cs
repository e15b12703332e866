namespace PartnerCms.Delegation.Models;

/// <summary>What happens to a delegated relationship.</summary>
public enum RelationshipTrigger
{
    /// <summary>The partner offers delegated administration to the customer (R14).</summary>
    Offer,

    /// <summary>The customer's global administrator accepts (R15), or a recipe makes the relationship.</summary>
    Accept,

    /// <summary>The customer's global administrator declines an offer.</summary>
    Decline,

    /// <summary>The partner withdraws its offer before the customer answered.</summary>
    Withdraw,

    /// <summary>The customer removes the partner (R15).</summary>
    Remove,

    /// <summary>The end date the partner chose has passed (the expiry job).</summary>
    Expire,

    /// <summary>The customer did not answer a request within <see cref="RelationshipLifecycle.RequestLapsesAfter"/> (the expiry job).</summary>
    Lapse,
}

/// <summary>Who made a change, when, and what it carries (the offer's Quote ID and link, the end date).</summary>
/// <summary>
/// Who made a change, when, and what it carries (the offer's Quote ID and link, the end date; for an offer the roles asked,
/// the duration and auto-extend; for an acceptance the roles approved).
/// </summary>
public sealed record RelationshipChange(
    string By, DateTime AtUtc, string? Through = null, string? OfferPath = null, DateTime? EndsUtc = null,
    IReadOnlyList<string>? Roles = null, int? DurationDays = null, bool AutoExtend = false);

/// <summary>A change the lifecycle does not allow from the relationship's state.</summary>
public sealed class RelationshipTransitionException(RelationshipStatus? from, RelationshipTrigger trigger)
    : InvalidOperationException($"A relationship that is {(from is null ? "new" : from.ToString())} cannot be {trigger}ed.")
{
    public RelationshipStatus? From { get; } = from;

    public RelationshipTrigger Trigger { get; } = trigger;
}

/// <summary>
/// The life of a delegated relationship, in one place: its states, the changes allowed from each, and what each change
/// records. <c>null</c> is a relationship that does not exist yet. Only Active, before its end date, grants anything;
/// an Active relationship past its end date is treated as ended (it may be offered, accepted or declined anew) even
/// before the expiry job marks it Expired.
/// </summary>
public static class RelationshipLifecycle
{
    /// <summary>A request the customer has not answered lapses after this long (it can no longer be accepted).</summary>
    public static readonly TimeSpan RequestLapsesAfter = TimeSpan.FromDays(90);

    /// <summary>How much longer an auto-extending relationship lasts each time it reaches its end date.</summary>
    public const int AutoExtensionMonths = 6;

    public const int MinimumDays = 1;
    public const int MaximumDays = 730;
    public const int DefaultDays = 365;

    /// <summary>Notices go out this many days before the end date.</summary>
    public static readonly int[] NoticeDays = [30, 7, 1];

    private static readonly RelationshipStatus?[] Ended =
        [null, RelationshipStatus.Offered, RelationshipStatus.Removed, RelationshipStatus.Expired, RelationshipStatus.Declined, RelationshipStatus.Withdrawn, RelationshipStatus.Lapsed];

    /// <summary>The states each change may start from; Active counts only when <c>pastEnd</c> where marked.</summary>
    private static readonly Dictionary<RelationshipTrigger, (RelationshipStatus To, RelationshipStatus?[] From, bool ActivePastEnd)> Transitions = new()
    {
        [RelationshipTrigger.Offer] = (RelationshipStatus.Offered, Ended, true),
        [RelationshipTrigger.Accept] = (RelationshipStatus.Active, Ended, true),
        [RelationshipTrigger.Decline] = (RelationshipStatus.Declined, Ended, true),
        [RelationshipTrigger.Withdraw] = (RelationshipStatus.Withdrawn, [RelationshipStatus.Offered], false),
        [RelationshipTrigger.Remove] = (RelationshipStatus.Removed, [RelationshipStatus.Active], false),
        [RelationshipTrigger.Expire] = (RelationshipStatus.Expired, [], true),
        [RelationshipTrigger.Lapse] = (RelationshipStatus.Lapsed, [RelationshipStatus.Offered], false),
    };

    /// <summary>Whether a relationship that includes these roles may extend itself (never with Global administrator).</summary>
    public static bool MayAutoExtend(IEnumerable<string> roles) => !roles.Contains(PartnerCms.Core.Security.DelegatedRoles.GlobalAdministrator, StringComparer.Ordinal);

    /// <summary>Whether the customer may still answer a request made at <paramref name="requestedUtc"/>.</summary>
    public static bool RequestOpen(DateTime? requestedUtc, DateTime nowUtc) => requestedUtc is null || nowUtc - requestedUtc.Value < RequestLapsesAfter;

    /// <summary>When the expiry job must next look at the relationship: its next notice, its end date, or a request lapsing.</summary>
    public static DateTime? NextDue(DelegatedRelationshipPart part)
    {
        switch (part.Status)
        {
            case RelationshipStatus.Offered:
                return part.OfferedUtc is { } offered ? offered + RequestLapsesAfter : null;
            case RelationshipStatus.Active:
                DateTime? due = null;
                if (part.EndsUtc is { } ends)
                {
                    due = ends;
                    foreach (var days in NoticeDays.Where(d => part.NoticeDaysSent is null || d < part.NoticeDaysSent))
                    {
                        due = ends.AddDays(-days);
                        break;
                    }
                }

                if (part.RenewalRequestedUtc is { } renewal && (due is null || renewal + RequestLapsesAfter < due))
                {
                    due = renewal + RequestLapsesAfter;
                }

                return due;
            default:
                return null;
        }
    }

    /// <summary>The notice due at <paramref name="nowUtc"/> for a relationship ending then (30, 7 or 1), or null.</summary>
    public static int? NoticeDue(DateTime endsUtc, DateTime nowUtc, int? alreadySent)
    {
        var left = endsUtc - nowUtc;
        int? due = null;
        foreach (var days in NoticeDays)
        {
            if (left <= TimeSpan.FromDays(days))
            {
                due = days;
            }
        }

        return due is { } d && (alreadySent is null || d < alreadySent) ? d : null;
    }

    /// <summary>The state a change leads to.</summary>
    public static RelationshipStatus Target(RelationshipTrigger trigger) => Transitions[trigger].To;

    /// <summary>Whether <paramref name="trigger"/> may happen to a relationship in <paramref name="from"/> (null: none yet).</summary>
    public static bool Allows(RelationshipStatus? from, RelationshipTrigger trigger, bool pastEnd = false)
    {
        var (_, states, activePastEnd) = Transitions[trigger];
        return states.Contains(from) || (from == RelationshipStatus.Active && pastEnd && activePastEnd);
    }

    /// <summary>Whether the relationship's end date has passed at <paramref name="nowUtc"/>.</summary>
    public static bool PastEnd(DelegatedRelationshipPart part, DateTime nowUtc) => part.EndsUtc is { } ends && ends <= nowUtc;

    /// <summary>Applies a change to a relationship (<paramref name="isNew"/>: one being made by it), or throws when it is not allowed.</summary>
    public static void Apply(DelegatedRelationshipPart part, RelationshipTrigger trigger, RelationshipChange change, bool isNew = false)
    {
        RelationshipStatus? from = isNew ? null : part.Status;
        var renewal = !isNew && trigger == RelationshipTrigger.Accept && part.Status == RelationshipStatus.Active && part.RenewalRequestedUtc is not null;
        if (!renewal && !Allows(from, trigger, !isNew && PastEnd(part, change.AtUtc)))
        {
            throw new RelationshipTransitionException(from, trigger);
        }

        part.Status = Target(trigger);
        switch (trigger)
        {
            case RelationshipTrigger.Offer:
                part.OfferedUtc = change.AtUtc;
                part.OfferedBy = change.By;
                part.OfferedThrough = change.Through;
                part.OfferPath = change.OfferPath;
                part.AskedRoles = [.. change.Roles ?? PartnerCms.Core.Security.DelegatedRoles.FullBundle];
                part.DurationDays = change.DurationDays;
                part.AutoExtend = change.AutoExtend && MayAutoExtend(part.AskedRoles);
                part.EndsUtc = change.EndsUtc;
                part.ExpiringAnnounced = false;
                part.NoticeDaysSent = null;
                part.RemovedUtc = null;
                part.RemovedBy = null;
                break;
            case RelationshipTrigger.Accept:
                part.AcceptedUtc = change.AtUtc;
                part.AcceptedBy = change.By;
                part.AcceptedThrough = change.Through;
                part.ApprovedRoles = [.. change.Roles ?? part.AskedRoles ?? PartnerCms.Core.Security.DelegatedRoles.FullBundle];
                if (isNew || change.DurationDays is not null)
                {
                    part.DurationDays = change.DurationDays;
                    part.AutoExtend = change.AutoExtend;
                }

                part.AutoExtend = part.AutoExtend && MayAutoExtend(part.ApprovedRoles);
                part.EndsUtc = change.EndsUtc ?? (part.DurationDays is { } days ? change.AtUtc.AddDays(days) : null);
                part.ExpiringAnnounced = false;
                part.NoticeDaysSent = null;
                part.RenewalRequestedUtc = null;
                part.RenewalQuoteId = null;
                part.RenewalOfferPath = null;
                part.RemovedUtc = null;
                part.RemovedBy = null;
                part.OfferPath = null;
                break;
            case RelationshipTrigger.Decline:
                if (isNew)
                {
                    part.OfferedUtc = change.AtUtc;
                }

                part.RemovedUtc = change.AtUtc;
                part.RemovedBy = change.By;
                part.OfferPath = null;
                break;
            case RelationshipTrigger.Withdraw:
                part.RemovedUtc = change.AtUtc;
                part.RemovedBy = change.By;
                part.OfferPath = null;
                break;
            case RelationshipTrigger.Remove:
                part.RemovedUtc = change.AtUtc;
                part.RemovedBy = change.By;
                break;
            case RelationshipTrigger.Expire:
                break;
            case RelationshipTrigger.Lapse:
                part.RemovedUtc = change.AtUtc;
                part.RemovedBy = change.By;
                part.OfferPath = null;
                break;
        }
    }
}
