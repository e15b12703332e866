using PartnerCms.Delegation.Models;

namespace PartnerCms.Tests.Unit;

/// <summary>
/// The delegated relationship's lifecycle (R14, R15): every allowed change leads where it should and records what it
/// should; every other (state, change) pair is refused and leaves the relationship as it was.
/// </summary>
[Trait("Area", "Delegation")]
public sealed class RelationshipLifecycleTests
{
    private static readonly DateTime Now = new(2026, 12, 5, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>The allowed changes, written out here by hand (not read from the lifecycle): from (null: none yet), past its end date, change → to.</summary>
    private static readonly HashSet<(RelationshipStatus? From, bool PastEnd, RelationshipTrigger Trigger)> Allowed = Expected();

    private static HashSet<(RelationshipStatus?, bool, RelationshipTrigger)> Expected()
    {
        var allowed = new HashSet<(RelationshipStatus?, bool, RelationshipTrigger)>();
        RelationshipStatus?[] notActive = [null, RelationshipStatus.Offered, RelationshipStatus.Removed, RelationshipStatus.Expired, RelationshipStatus.Declined, RelationshipStatus.Withdrawn, RelationshipStatus.Lapsed];
        foreach (var pastEnd in new[] { false, true })
        {
            foreach (var from in notActive)
            {
                allowed.Add((from, pastEnd, RelationshipTrigger.Offer));
                allowed.Add((from, pastEnd, RelationshipTrigger.Accept));
                allowed.Add((from, pastEnd, RelationshipTrigger.Decline));
            }

            allowed.Add((RelationshipStatus.Offered, pastEnd, RelationshipTrigger.Withdraw));

            // A request not answered in 90 days lapses (the expiry job); a lapsed one may be offered anew.
            allowed.Add((RelationshipStatus.Offered, pastEnd, RelationshipTrigger.Lapse));
            allowed.Add((RelationshipStatus.Active, pastEnd, RelationshipTrigger.Remove));
        }

        // An active relationship past its end date has ended: it expires, and may be offered, accepted or declined anew.
        allowed.Add((RelationshipStatus.Active, true, RelationshipTrigger.Expire));
        allowed.Add((RelationshipStatus.Active, true, RelationshipTrigger.Offer));
        allowed.Add((RelationshipStatus.Active, true, RelationshipTrigger.Accept));
        allowed.Add((RelationshipStatus.Active, true, RelationshipTrigger.Decline));
        return allowed;
    }

    public static TheoryData<RelationshipStatus?, bool, RelationshipTrigger> EveryPair()
    {
        var data = new TheoryData<RelationshipStatus?, bool, RelationshipTrigger>();
        foreach (var from in Enum.GetValues<RelationshipStatus>().Cast<RelationshipStatus?>().Prepend(null))
        {
            foreach (var pastEnd in new[] { false, true })
            {
                foreach (var trigger in Enum.GetValues<RelationshipTrigger>())
                {
                    data.Add(from, pastEnd, trigger);
                }
            }
        }

        return data;
    }

    private static DelegatedRelationshipPart Part(RelationshipStatus status, bool pastEnd) => new()
    {
        PartnerOrganizationId = "p",
        CustomerOrganizationId = "c",
        Status = status,
        EndsUtc = pastEnd ? Now.AddDays(-1) : Now.AddDays(30),
        OfferedUtc = Now.AddDays(-60),
        OfferedBy = "sales@p",
        OfferedThrough = "Q-OLD",
        OfferPath = "/offers/Q-OLD",
        AcceptedUtc = Now.AddDays(-50),
        AcceptedBy = "admin@c",
        RemovedUtc = Now.AddDays(-10),
        RemovedBy = "admin@c",
        ExpiringAnnounced = true,
    };

    [Theory]
    [Trait("Rule", "R15")]
    [MemberData(nameof(EveryPair))]
    public void Every_change_is_allowed_exactly_where_the_lifecycle_says_and_refused_everywhere_else(RelationshipStatus? from, bool pastEnd, RelationshipTrigger trigger)
    {
        if (from is null && pastEnd)
        {
            return; // A relationship not made yet has no end date.
        }

        var expected = Allowed.Contains((from, pastEnd, trigger));
        Assert.Equal(expected, RelationshipLifecycle.Allows(from, trigger, pastEnd));

        var part = from is null ? new DelegatedRelationshipPart { PartnerOrganizationId = "p", CustomerOrganizationId = "c" } : Part(from.Value, pastEnd);
        var before = System.Text.Json.JsonSerializer.Serialize(part);
        var change = new RelationshipChange("someone@x", Now, "Q-NEW", "/offers/Q-NEW", Now.AddDays(365));
        if (expected)
        {
            RelationshipLifecycle.Apply(part, trigger, change, isNew: from is null);
            Assert.Equal(RelationshipLifecycle.Target(trigger), part.Status);
        }
        else
        {
            var refused = Assert.Throws<RelationshipTransitionException>(() => RelationshipLifecycle.Apply(part, trigger, change, isNew: from is null));
            Assert.Equal((from, trigger), (refused.From, refused.Trigger));
            Assert.Equal(before, System.Text.Json.JsonSerializer.Serialize(part));
        }
    }

    [Fact]
    [Trait("Rule", "R14")]
    public void Each_change_records_who_when_and_what_and_clears_what_no_longer_holds()
    {
        var change = new RelationshipChange("someone@x", Now, "Q-NEW", "/offers/Q-NEW", Now.AddDays(365));

        var offered = Part(RelationshipStatus.Removed, pastEnd: false);
        RelationshipLifecycle.Apply(offered, RelationshipTrigger.Offer, change);
        Assert.Equal((RelationshipStatus.Offered, Now, "someone@x", "Q-NEW", "/offers/Q-NEW", Now.AddDays(365)), (offered.Status, offered.OfferedUtc!.Value, offered.OfferedBy, offered.OfferedThrough, offered.OfferPath, offered.EndsUtc));
        Assert.Equal((null, null, false), (offered.RemovedUtc, offered.RemovedBy, offered.ExpiringAnnounced));

        var accepted = Part(RelationshipStatus.Offered, pastEnd: false);
        RelationshipLifecycle.Apply(accepted, RelationshipTrigger.Accept, change);
        Assert.Equal((RelationshipStatus.Active, Now, "someone@x", "Q-NEW", Now.AddDays(365)), (accepted.Status, accepted.AcceptedUtc, accepted.AcceptedBy, accepted.AcceptedThrough, accepted.EndsUtc));
        Assert.Equal((null, null, null, false), (accepted.OfferPath, accepted.RemovedUtc, accepted.RemovedBy, accepted.ExpiringAnnounced));

        var declinedNew = new DelegatedRelationshipPart();
        RelationshipLifecycle.Apply(declinedNew, RelationshipTrigger.Decline, change, isNew: true);
        Assert.Equal((RelationshipStatus.Declined, Now, Now, "someone@x"), (declinedNew.Status, declinedNew.OfferedUtc!.Value, declinedNew.RemovedUtc!.Value, declinedNew.RemovedBy));

        var declined = Part(RelationshipStatus.Offered, pastEnd: false);
        RelationshipLifecycle.Apply(declined, RelationshipTrigger.Decline, change);
        Assert.Equal((RelationshipStatus.Declined, Now.AddDays(-60), Now, "someone@x", null), (declined.Status, declined.OfferedUtc!.Value, declined.RemovedUtc!.Value, declined.RemovedBy, declined.OfferPath));

        var withdrawn = Part(RelationshipStatus.Offered, pastEnd: false);
        RelationshipLifecycle.Apply(withdrawn, RelationshipTrigger.Withdraw, change);
        Assert.Equal((RelationshipStatus.Withdrawn, Now, "someone@x", null), (withdrawn.Status, withdrawn.RemovedUtc!.Value, withdrawn.RemovedBy, withdrawn.OfferPath));

        var removed = Part(RelationshipStatus.Active, pastEnd: false);
        RelationshipLifecycle.Apply(removed, RelationshipTrigger.Remove, change);
        Assert.Equal((RelationshipStatus.Removed, Now, "someone@x", Now.AddDays(-50)), (removed.Status, removed.RemovedUtc!.Value, removed.RemovedBy, removed.AcceptedUtc));

        var expired = Part(RelationshipStatus.Active, pastEnd: true);
        var ends = expired.EndsUtc;
        RelationshipLifecycle.Apply(expired, RelationshipTrigger.Expire, change);
        Assert.Equal((RelationshipStatus.Expired, ends), (expired.Status, expired.EndsUtc));
    }
}
