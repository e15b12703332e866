using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Branding.Models;
using PartnerCms.Core.Content;

namespace PartnerCms.Branding.Services;

/// <summary>The branding's scheduled publication and unpublication: the same as by hand, done by the job runner.</summary>
internal sealed class BrandingScheduleHandler : IScheduledContentHandler
{
    public string ContentType => BrandingSettings.ContentType;

    public (string AuditPrefix, string Name) Describe(ContentItem item) => ("branding", "landing page branding");

    public Task<string?> PublishAsync(IServiceProvider services, ContentItem draft, string actor, CancellationToken cancellationToken) =>
        services.GetRequiredService<BrandingService>().PublishScheduledAsync(draft, actor, cancellationToken);

    public Task UnpublishAsync(IServiceProvider services, ContentItem item, string actor, CancellationToken cancellationToken) =>
        services.GetRequiredService<BrandingService>().UnpublishAsync(item, actor, cancellationToken);

    public string EditLink(ContentItem item) => "/partner/branding";
}
