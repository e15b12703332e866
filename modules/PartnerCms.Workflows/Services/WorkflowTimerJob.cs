using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Jobs;

namespace PartnerCms.Workflows.Services;

/// <summary>Resumes the instance waiting in a timer when it comes due ("workflow-timer:instance/activity"), once across nodes.</summary>
public sealed class WorkflowTimerJob : IDelayedJobHandler
{
    public string Kind => WorkflowRunner.TimerJobKind;

    public async Task RunAsync(IServiceProvider services, string key, CancellationToken cancellationToken)
    {
        var slash = key.IndexOf('/');
        if (slash <= 0)
        {
            return;
        }

        await services.GetRequiredService<WorkflowRunner>().ResumeAsync(key[..slash], key[(slash + 1)..], cancellationToken);
    }
}
