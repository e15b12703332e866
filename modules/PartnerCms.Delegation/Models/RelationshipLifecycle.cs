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
}

/// <summary>Who made a change, when, and what it carries (the offer's Quote ID and link, the end date).</summary>
public sealed record RelationshipChange(string By, DateTime AtUtc, string? Through = null, string? OfferPath = null, DateTime? EndsUtc = null);

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
    private static readonly RelationshipStatus?[] Ended =
        [null, RelationshipStatus.Offered, RelationshipStatus.Removed, RelationshipStatus.Expired, RelationshipStatus.Declined, RelationshipStatus.Withdrawn];

    /// <summary>The states each change may start from; Active counts only when <c>pastEnd</c> where marked.</summary>
    private static readonly Dictionary<RelationshipTrigger, (RelationshipStatus To, RelationshipStatus?[] From, bool ActivePastEnd)> Transitions = new()
    {
        [RelationshipTrigger.Offer] = (RelationshipStatus.Offered, Ended, true),
        [RelationshipTrigger.Accept] = (RelationshipStatus.Active, Ended, true),
        [RelationshipTrigger.Decline] = (RelationshipStatus.Declined, Ended, true),
        [RelationshipTrigger.Withdraw] = (RelationshipStatus.Withdrawn, [RelationshipStatus.Offered], false),
        [RelationshipTrigger.Remove] = (RelationshipStatus.Removed, [RelationshipStatus.Active], false),
        [RelationshipTrigger.Expire] = (RelationshipStatus.Expired, [], true),
    };

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
        if (!Allows(from, trigger, !isNew && PastEnd(part, change.AtUtc)))
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
                part.EndsUtc = change.EndsUtc;
                part.ExpiringAnnounced = false;
                part.RemovedUtc = null;
                part.RemovedBy = null;
                break;
            case RelationshipTrigger.Accept:
                part.AcceptedUtc = change.AtUtc;
                part.AcceptedBy = change.By;
                part.AcceptedThrough = change.Through;
                part.EndsUtc = change.EndsUtc;
                part.ExpiringAnnounced = false;
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
        }
    }
}
