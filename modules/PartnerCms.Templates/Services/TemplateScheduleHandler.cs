using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Content;
using PartnerCms.Templates.Models;

namespace PartnerCms.Templates.Services;

/// <summary>A message template's scheduled publication and unpublication: the same as by hand, done by the job runner.</summary>
internal sealed class TemplateScheduleHandler : IScheduledContentHandler
{
    public string ContentType => MessageTemplatePart.ContentType;

    public (string AuditPrefix, string Name) Describe(ContentItem item) => ("template", item.Get<MessageTemplatePart>().Kind);

    public Task<string?> PublishAsync(IServiceProvider services, ContentItem draft, string actor, CancellationToken cancellationToken) =>
        services.GetRequiredService<MessageTemplateService>().PublishScheduledAsync(draft, actor, cancellationToken);

    public Task UnpublishAsync(IServiceProvider services, ContentItem item, string actor, CancellationToken cancellationToken) =>
        services.GetRequiredService<MessageTemplateService>().UnpublishAsync(item, actor, cancellationToken);

    public string EditLink(ContentItem item) => $"/partner/templates/{item.Get<MessageTemplatePart>().Kind}";
}
