using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PartnerCms.Api.Models;
using PartnerCms.Core.Data;
using PartnerCms.Core.Jobs;

namespace PartnerCms.Api.Services;

/// <summary>
/// Hourly, on one node: forgets Idempotency-Key answers after a day (a retry later is a new request), webhook deliveries
/// that ended more than 30 days ago, and usage counts older than 90 days.
/// </summary>
public sealed class PruneApiRecordsJob(IOptionsMonitor<WebhookOptions> webhooks, TimeProvider clock) : IRecurringJob
{
    private const string Reason = "pruning runs for every organization";

    public static readonly TimeSpan KeepIdempotencyFor = TimeSpan.FromDays(1);
    public static readonly TimeSpan KeepDeliveriesFor = TimeSpan.FromDays(30);

    public string Name => "api:prune";

    public TimeSpan Interval => TimeSpan.FromHours(1);

    public async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<PartnerCmsDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var idempotencyBefore = now - KeepIdempotencyFor;
        await db.Set<ApiIdempotencyRecord>().AcrossOrganizations(Reason).Where(r => r.CreatedUtc < idempotencyBefore).ExecuteDeleteAsync(cancellationToken);
        var deliveriesBefore = now - KeepDeliveriesFor - webhooks.CurrentValue.RetryFor;
        await db.Set<WebhookDelivery>().AcrossOrganizations(Reason).Where(d => d.Status != WebhookDeliveryStatus.Pending && d.CreatedUtc < deliveriesBefore).ExecuteDeleteAsync(cancellationToken);
        var usageBefore = now.AddDays(-90);
        await db.Set<ApiUsageHour>().AcrossOrganizations(Reason).Where(u => u.HourUtc < usageBefore).ExecuteDeleteAsync(cancellationToken);
    }
}
