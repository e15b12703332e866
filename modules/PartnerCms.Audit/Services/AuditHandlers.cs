using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PartnerCms.Audit.Models;
using PartnerCms.Core.Audit;
using PartnerCms.Core.Data;
using PartnerCms.Core.Events;
using PartnerCms.Core.Jobs;
using PartnerCms.Delegation.Models;

namespace PartnerCms.Audit.Services;

/// <summary>Appends every recorded action to its chain (delivered from the outbox: once per event).</summary>
public sealed class AppendAuditEntry(AuditLog log) : IEventHandler<AuditRecorded>
{
    public Task HandleAsync(AuditRecorded domainEvent, CancellationToken cancellationToken) => log.AppendAsync(domainEvent, cancellationToken);
}

/// <summary>Relationship changes of the delegation module, as audit entries (registered only while that module is on).</summary>
public sealed class AuditRelationshipChanges(AuditLog log, TimeProvider clock) :
    IEventHandler<DelegatedAdministrationOffered>, IEventHandler<DelegatedAdministrationAccepted>, IEventHandler<DelegatedAdministrationDeclined>, IEventHandler<DelegatedAdministrationRemoved>, IEventHandler<DelegatedAdministrationExpired>,
    IEventHandler<DelegatedRoleRemoved>, IEventHandler<DelegatedAdministrationExtended>, IEventHandler<DelegatedAdministrationLapsed>
{
    public Task HandleAsync(DelegatedAdministrationOffered e, CancellationToken cancellationToken) =>
        AppendAsync(e.OfferedBy, e.PartnerOrganizationId, e.CustomerOrganizationId, "delegation.offered", "through " + e.QuoteId, cancellationToken);

    public Task HandleAsync(DelegatedAdministrationAccepted e, CancellationToken cancellationToken) =>
        AppendAsync(e.AcceptedBy, e.PartnerOrganizationId, e.CustomerOrganizationId, "delegation.accepted",
            (e.AcceptedThrough is null ? string.Empty : "through " + e.AcceptedThrough + "; ") + "roles: " + PartnerCms.Core.Security.DelegatedRoles.Describe(e.ApprovedRoles ?? PartnerCms.Core.Security.DelegatedRoles.FullBundle),
            cancellationToken);

    public Task HandleAsync(DelegatedRoleRemoved e, CancellationToken cancellationToken) =>
        AppendAsync(e.RemovedBy, e.PartnerOrganizationId, e.CustomerOrganizationId, "delegation.role-removed", PartnerCms.Core.Security.DelegatedRoles.Find(e.Role)?.DisplayName ?? e.Role, cancellationToken);

    public Task HandleAsync(DelegatedAdministrationExtended e, CancellationToken cancellationToken) =>
        AppendAsync("system", e.PartnerOrganizationId, e.CustomerOrganizationId, "delegation.extended",
            "now ends " + e.EndsUtc.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), cancellationToken);

    public Task HandleAsync(DelegatedAdministrationLapsed e, CancellationToken cancellationToken) =>
        AppendAsync("system", e.PartnerOrganizationId, e.CustomerOrganizationId, "delegation.lapsed", e.QuoteId is null ? null : "through " + e.QuoteId, cancellationToken);

    public Task HandleAsync(DelegatedAdministrationDeclined e, CancellationToken cancellationToken) =>
        AppendAsync(e.DeclinedBy, e.PartnerOrganizationId, e.CustomerOrganizationId, "delegation.declined", e.DeclinedThrough is null ? null : "through " + e.DeclinedThrough, cancellationToken);

    public Task HandleAsync(DelegatedAdministrationRemoved e, CancellationToken cancellationToken) =>
        AppendAsync(e.RemovedBy, e.PartnerOrganizationId, e.CustomerOrganizationId, "delegation.removed", null, cancellationToken);

    public Task HandleAsync(DelegatedAdministrationExpired e, CancellationToken cancellationToken) =>
        AppendAsync("system", e.PartnerOrganizationId, e.CustomerOrganizationId, "delegation.expired", "ended " + e.EndsUtc.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), cancellationToken);

    // Runs once per event: the dispatcher commits the entry with its processed-event row.
    private Task AppendAsync(string actor, string partner, string? customer, string action, string? target, CancellationToken cancellationToken) =>
        log.AppendAsync(new AuditRecorded(
            Guid.NewGuid(), clock.GetUtcNow().UtcDateTime, null, actor, null, partner, customer, action, target, AuditOutcomes.Succeeded, null), cancellationToken);
}

public sealed class AuditOptions
{
    /// <summary>Entries older than this are deleted (default two years).</summary>
    public int RetentionDays { get; set; } = 730;
}

/// <summary>Deletes entries past the retention period (the oldest of each chain; verification starts at the first kept).</summary>
public sealed class PruneAuditJob(IOptions<AuditOptions> options, TimeProvider clock) : IRecurringJob
{
    public string Name => "audit:prune";

    public TimeSpan Interval => TimeSpan.FromHours(6);

    public async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow().UtcDateTime.AddDays(-Math.Max(1, options.Value.RetentionDays));
        await services.GetRequiredService<PartnerCmsDbContext>().Set<AuditEntry>().Where(e => e.OccurredUtc < before).ExecuteDeleteAsync(cancellationToken);
    }
}
