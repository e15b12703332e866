using Microsoft.AspNetCore.Http;
using PartnerCms.Core.Data;
using PartnerCms.Core.Events;
using PartnerCms.Core.Security;

namespace PartnerCms.Core.Audit;

/// <summary>
/// Something a user did that the audit trail keeps (R22): who (user, organization), for which customer, what (action
/// and target), from where, and how it ended. Raised through the outbox; the audit module appends it to its hash chain.
/// </summary>
public sealed record AuditRecorded(
    Guid Id,
    DateTime OccurredUtc,
    string? ActorUserId,
    string ActorUserName,
    string? ActorOrganizationId,
    string? PartnerOrganizationId,
    string? CustomerOrganizationId,
    string Action,
    string? Target,
    string Outcome,
    string? IpAddress);

/// <summary>Outcomes an audit entry records.</summary>
public static class AuditOutcomes
{
    public const string Succeeded = "succeeded";
    public const string Refused = "refused";
    public const string Failed = "failed";
}

/// <summary>Where entries recorded outside a unit of work go directly (the audit module's chain), instead of through the outbox.</summary>
public interface IAuditSink
{
    Task AppendAsync(AuditRecorded record, CancellationToken cancellationToken);
}

/// <summary>
/// Records audit entries for any module: the actor and address come from the request. <see cref="Record"/> adds the
/// entry to the unit of work (saved with the caller's change, in its transaction, through the outbox);
/// <see cref="RecordAsync"/> records it now (for a page viewed, or an outcome known only after the action): appended to
/// its chain in this call when the audit module is on. With the audit module off nothing is written.
/// </summary>
public sealed class AuditTrail(EventOutbox outbox, PartnerCmsDbContext db, IHttpContextAccessor http, TimeProvider clock, IEnumerable<IAuditSink> sinks)
{
    /// <summary>Adds an entry about <paramref name="partnerOrganizationId"/> and/or <paramref name="customerOrganizationId"/> (both see it).</summary>
    public void Record(string action, string? target, string? partnerOrganizationId, string? customerOrganizationId, string outcome = AuditOutcomes.Succeeded, string? actorUserName = null)
    {
        var entry = Build(action, target, partnerOrganizationId, customerOrganizationId, outcome, actorUserName);
        outbox.Raise(entry, correlationId: "audit:" + (customerOrganizationId ?? partnerOrganizationId ?? "platform"));
    }

    public async Task RecordAsync(
        string action, string? target, string? partnerOrganizationId, string? customerOrganizationId, string outcome = AuditOutcomes.Succeeded,
        string? actorUserName = null, CancellationToken cancellationToken = default)
    {
        if (sinks.FirstOrDefault() is { } sink)
        {
            // Appended now (group commit with other requests' entries) instead of an outbox row delivered in the background.
            await sink.AppendAsync(Build(action, target, partnerOrganizationId, customerOrganizationId, outcome, actorUserName), cancellationToken);
            return;
        }

        Record(action, target, partnerOrganizationId, customerOrganizationId, outcome, actorUserName);
        await db.SaveChangesAsync(cancellationToken);
    }

    private AuditRecorded Build(string action, string? target, string? partnerOrganizationId, string? customerOrganizationId, string outcome, string? actorUserName)
    {
        var context = http.HttpContext;
        var user = context?.User;
        return new AuditRecorded(
            Guid.NewGuid(),
            clock.GetUtcNow().UtcDateTime,
            user?.GetUserId(),
            actorUserName ?? user?.Identity?.Name ?? "system",
            user?.GetOrganizationId(),
            partnerOrganizationId,
            customerOrganizationId,
            action,
            target,
            outcome,
            context?.Connection.RemoteIpAddress?.ToString());
    }
}
