using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Jobs;

namespace PartnerCms.Templates.Services;

/// <summary>Runs a scheduled template publication when it is due ("template-publish:organization|kind"), on one node.</summary>
internal sealed class ScheduledTemplatePublisher : IDelayedJobHandler
{
    public string Kind => MessageTemplateService.ScheduledPublishJob;

    public Task RunAsync(IServiceProvider services, string key, CancellationToken cancellationToken) =>
        key.Split('|') is [var organizationId, var kind]
            ? services.GetRequiredService<MessageTemplateService>().PublishScheduledAsync(organizationId, kind, cancellationToken)
            : Task.CompletedTask;
}
