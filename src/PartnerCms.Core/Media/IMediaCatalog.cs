namespace PartnerCms.Core.Media;

/// <summary>An image of a partner's media library as a picker or a page shows it.</summary>
public sealed record MediaChoice(string Id, string Name, string AltText, int Width, int Height, string Url, string ThumbnailUrl);

/// <summary>
/// A partner's media library as other modules see it (the branding form's pickers, landing pages' share image): its
/// images, and one by id — only among the organization's own. Absent when the media module is off.
/// </summary>
public interface IMediaCatalog
{
    Task<IReadOnlyList<MediaChoice>> ChoicesAsync(string organizationId, CancellationToken cancellationToken = default);

    /// <summary>The image <paramref name="id"/> of <paramref name="organizationId"/> at about <paramref name="width"/> pixels, or null.</summary>
    Task<MediaChoice?> FindAsync(string organizationId, string? id, int? width = null, CancellationToken cancellationToken = default);
}
