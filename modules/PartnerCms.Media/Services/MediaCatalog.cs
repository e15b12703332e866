using PartnerCms.Core.Media;
using PartnerCms.Media.Models;

namespace PartnerCms.Media.Services;

internal sealed class MediaCatalog(MediaLibrary library) : IMediaCatalog
{
    public async Task<IReadOnlyList<MediaChoice>> ChoicesAsync(string organizationId, CancellationToken cancellationToken = default) =>
        [.. (await library.AllAsync(organizationId, cancellationToken: cancellationToken)).Select(i => Choice(i, null))];

    public async Task<MediaChoice?> FindAsync(string organizationId, string? id, int? width = null, CancellationToken cancellationToken = default) =>
        await library.GetAsync(organizationId, id, cancellationToken) is { } item ? Choice(item, width) : null;

    private MediaChoice Choice(MediaItem item, int? width) =>
        new(item.Id, item.Name, item.AltText, item.Width, item.Height, library.UrlFor(item, width), library.UrlFor(item, 320));
}
