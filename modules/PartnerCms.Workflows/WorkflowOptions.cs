using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PartnerCms.Core.Data;
using PartnerCms.Core.Jobs;

using PartnerCms.Workflows.Models;

namespace PartnerCms.Workflows;

public sealed class WorkflowOptions
{
    /// <summary>Finished and cancelled runs (with their journals) are deleted after this many days; faulted and waiting ones stay.</summary>
    public int KeepFinishedDays { get; set; } = 30;
}

/// <summary>Deletes old finished and cancelled runs (their journals are in their rows).</summary>
public sealed class PruneWorkflowInstancesJob(IOptions<WorkflowOptions> options, TimeProvider clock) : IRecurringJob
{
    public string Name => "workflows:prune";

    public TimeSpan Interval => TimeSpan.FromHours(6);

    public async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        const string Every = "pruning covers every organization's old runs";
        var before = clock.GetUtcNow().UtcDateTime.AddDays(-Math.Max(1, options.Value.KeepFinishedDays));
        var db = services.GetRequiredService<PartnerCmsDbContext>();
        var old = db.Set<WorkflowInstance>().AcrossOrganizations(Every)
            .Where(i => (i.Status == WorkflowStatus.Finished || i.Status == WorkflowStatus.Cancelled) && i.UpdatedUtc < before);
        await old.ExecuteDeleteAsync(cancellationToken);
    }
}
