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

/// <summary>
/// Records audit entries for any module: the actor and address come from the request. <see cref="Record"/> adds the
/// entry to the unit of work (saved with the caller's change, in its transaction); <see cref="RecordAsync"/> saves it
/// now (for a page viewed, or an outcome known only after the action). With the audit module off nothing is written.
/// </summary>
public sealed class AuditTrail(EventOutbox outbox, PartnerCmsDbContext db, IHttpContextAccessor http, TimeProvider clock)
{
    /// <summary>Adds an entry about <paramref name="partnerOrganizationId"/> and/or <paramref name="customerOrganizationId"/> (both see it).</summary>
    public void Record(string action, string? target, string? partnerOrganizationId, string? customerOrganizationId, string outcome = AuditOutcomes.Succeeded, string? actorUserName = null)
    {
        var context = http.HttpContext;
        var user = context?.User;
        var entry = new AuditRecorded(
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
        outbox.Raise(entry, correlationId: "audit:" + (customerOrganizationId ?? partnerOrganizationId ?? "platform"));
    }

    public async Task RecordAsync(string action, string? target, string? partnerOrganizationId, string? customerOrganizationId, string outcome = AuditOutcomes.Succeeded, CancellationToken cancellationToken = default)
    {
        Record(action, target, partnerOrganizationId, customerOrganizationId, outcome);
        await db.SaveChangesAsync(cancellationToken);
    }
}
