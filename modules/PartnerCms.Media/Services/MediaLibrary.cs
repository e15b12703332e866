using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using PartnerCms.Core.Audit;
using PartnerCms.Core.Content;
using PartnerCms.Core.Data;
using PartnerCms.Core.Media;
using PartnerCms.Media.Models;
using SkiaSharp;

namespace PartnerCms.Media.Services;

public sealed class MediaOptions
{
    /// <summary>What a partner's library may hold when the operator set nothing for it.</summary>
    public long DefaultQuotaBytes { get; set; } = 50L * 1024 * 1024;

    public int MaxUploadBytes { get; set; } = 5 * 1024 * 1024;

    public int MaxPixels { get; set; } = 4096;

    /// <summary>The widths a raster image is also stored at (those narrower than the image itself).</summary>
    public int[] Widths { get; set; } = [320, 640, 1280, 1920];
}

/// <summary>Where an image is used: a content item of the partner (its latest or published version) that names it.</summary>
public sealed record MediaUse(string ContentItemId, string ContentType, string TypeName, string Title);

public sealed record MediaFolder(string Path, int Count);

public sealed record MediaListing(IReadOnlyList<MediaItem> Items, int Total, IReadOnlyList<MediaFolder> Folders, IReadOnlyDictionary<string, IReadOnlyList<MediaUse>> Usage, long UsedBytes, long QuotaBytes);

/// <summary>
/// A partner's images: uploaded (checked by content as the logo is, raster ones decoded and encoded again without
/// metadata and resized to standard widths), described (alt text required), filed in folders, searched, and deleted
/// only while nothing uses them. The quota is kept with one conditional UPDATE, so uploads on several nodes at once
/// cannot pass it together.
/// </summary>
public sealed class MediaLibrary(PartnerCmsDbContext db, AuditTrail audit, TimeProvider clock, IOptionsMonitor<MediaOptions> options, IOptions<ContentOptions> contentTypes, IConfiguration configuration)
{
    public const int PageSize = 24;
    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");
    private const string Everyone = "images are served to anyone who has their address (landing pages)";

    private MediaOptions Options => options.CurrentValue;

    public async Task<(MediaItem? Item, string? Error)> UploadAsync(string organizationId, string? fileName, string? folder, string? altText, byte[] data, string by, CancellationToken cancellationToken = default)
    {
        var (normalFolder, folderError) = NormalizeFolder(folder);
        var (alt, altError) = NormalizeAlt(altText);
        if ((folderError ?? altError) is { } fieldError)
        {
            return (null, fieldError);
        }

        var (image, error) = ImageValidator.Check(data, Options.MaxUploadBytes, Options.MaxPixels, "image");
        if (image is null)
        {
            return (null, error);
        }

        var id = MediaItem.IdPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));
        var files = new List<MediaFile> { new() { MediaItemId = id, Width = 0, OrganizationId = organizationId, Data = image.Data } };
        if (image.ContentType != "image/svg+xml")
        {
            files.AddRange(Resized(image).Select(r => new MediaFile { MediaItemId = id, Width = r.Width, OrganizationId = organizationId, Data = r.Data }));
        }

        var item = new MediaItem
        {
            Id = id,
            OrganizationId = organizationId,
            Folder = normalFolder,
            Name = NormalizeName(fileName, image.Extension),
            AltText = alt,
            ContentType = image.ContentType,
            Extension = image.Extension,
            Width = image.Width,
            Height = image.Height,
            Length = files.Sum(f => (long)f.Data.Length),
            Hash = Convert.ToHexStringLower(SHA256.HashData(image.Data))[..32],
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
            CreatedBy = by,
        };
        item.SearchText = SearchTextOf(item);

        await EnsureQuotaRowAsync(organizationId, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var defaultQuota = Options.DefaultQuotaBytes;
        var length = item.Length;
        var reserved = await db.Set<MediaQuota>().ForOrganization(organizationId).Where(q => q.UsedBytes + length <= (q.QuotaBytes ?? defaultQuota))
            .ExecuteUpdateAsync(u => u.SetProperty(q => q.UsedBytes, q => q.UsedBytes + length), cancellationToken);
        if (reserved == 0)
        {
            var (used, quota) = await QuotaAsync(organizationId, cancellationToken);
            return (null, $"The library is full: it holds {Megabytes(used)} of {Megabytes(quota)}, and this image needs {Megabytes(length)} (its resized copies included). Delete images you no longer use, or ask the operator for more room.");
        }

        db.Add(item);
        db.AddRange(files);
        audit.Record("media.uploaded", $"{item.Name} ({id})", organizationId, null);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (item, null);
    }

    public async Task<MediaListing> ListAsync(string organizationId, string? folder, string? query, int page, CancellationToken cancellationToken = default)
    {
        var items = db.Set<MediaItem>().AsNoTracking().ForOrganization(organizationId);
        if (folder is not null)
        {
            var (normal, _) = NormalizeFolder(folder);
            items = items.Where(m => m.Folder == normal);
        }

        if (!string.IsNullOrWhiteSpace(query))
        {
            var needle = Clean(query).ToLowerInvariant();
            items = needle.Length == 0 ? items : items.Where(m => m.SearchText.Contains(needle));
        }

        var total = await items.CountAsync(cancellationToken);
        var pageIndex = Math.Clamp(page, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        var list = await items.OrderByDescending(m => m.CreatedUtc).ThenBy(m => m.Id).Skip((pageIndex - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
        var folders = await db.Set<MediaItem>().AsNoTracking().ForOrganization(organizationId).GroupBy(m => m.Folder)
            .Select(g => new MediaFolder(g.Key, g.Count())).ToListAsync(cancellationToken);
        var (used, quota) = await QuotaAsync(organizationId, cancellationToken);
        return new MediaListing(list, total, [.. folders.OrderBy(f => f.Path, StringComparer.OrdinalIgnoreCase)], await UsageAsync(organizationId, list.Select(i => i.Id), cancellationToken), used, quota);
    }

    /// <summary>Every image of the partner, newest first (for pickers): at most <paramref name="max"/>.</summary>
    public Task<List<MediaItem>> AllAsync(string organizationId, int max = 500, CancellationToken cancellationToken = default) =>
        db.Set<MediaItem>().AsNoTracking().ForOrganization(organizationId).OrderByDescending(m => m.CreatedUtc).Take(max).ToListAsync(cancellationToken);

    public Task<MediaItem?> GetAsync(string organizationId, string? id, CancellationToken cancellationToken = default) =>
        IsId(id) ? db.Set<MediaItem>().AsNoTracking().ForOrganization(organizationId).FirstOrDefaultAsync(m => m.Id == id, cancellationToken) : Task.FromResult<MediaItem?>(null);

    public async Task<string?> UpdateAsync(string organizationId, string id, string? name, string? altText, string? folder, string by, CancellationToken cancellationToken = default)
    {
        var (normalFolder, folderError) = NormalizeFolder(folder);
        var (alt, altError) = NormalizeAlt(altText);
        if ((folderError ?? altError) is { } error)
        {
            return error;
        }

        var item = await db.Set<MediaItem>().ForOrganization(organizationId).FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (item is null)
        {
            return "The image is gone.";
        }

        (item.Name, item.AltText, item.Folder) = (NormalizeName(name, item.Extension), alt, normalFolder);
        item.SearchText = SearchTextOf(item);
        audit.Record("media.updated", $"{item.Name} ({id})", organizationId, null);
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>Deletes an image nothing uses (its files and its room in the quota); else says what uses it.</summary>
    public async Task<string?> DeleteAsync(string organizationId, string id, string by, CancellationToken cancellationToken = default)
    {
        var item = await GetAsync(organizationId, id, cancellationToken);
        if (item is null)
        {
            return "The image is gone.";
        }

        var uses = (await UsageAsync(organizationId, [id], cancellationToken))[id];
        if (uses.Count > 0)
        {
            return $"The image cannot be deleted: it is used by {DescribeUsage(uses)}. Take it out of those first.";
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var removed = await db.Set<MediaItem>().ForOrganization(organizationId).Where(m => m.Id == id).ExecuteDeleteAsync(cancellationToken);
        if (removed == 0)
        {
            return "The image is gone.";
        }

        await db.Set<MediaFile>().ForOrganization(organizationId).Where(f => f.MediaItemId == id).ExecuteDeleteAsync(cancellationToken);
        var length = item.Length;
        await db.Set<MediaQuota>().ForOrganization(organizationId)
            .ExecuteUpdateAsync(u => u.SetProperty(q => q.UsedBytes, q => q.UsedBytes >= length ? q.UsedBytes - length : 0), cancellationToken);
        audit.Record("media.deleted", $"{item.Name} ({id})", organizationId, null);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    /// <summary>
    /// The partner's content items (latest or published versions: message templates, branding, texts, offers…) that name
    /// each image. One query for all the ids asked about.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<MediaUse>>> UsageAsync(string organizationId, IEnumerable<string> ids, CancellationToken cancellationToken = default)
    {
        var wanted = ids.Distinct(StringComparer.Ordinal).ToList();
        var result = wanted.ToDictionary(i => i, _ => (IReadOnlyList<MediaUse>)[], StringComparer.Ordinal);
        if (wanted.Count == 0)
        {
            return result;
        }

        var rows = await db.ContentItems.AsNoTracking().ForOrganization(organizationId)
            .Where(c => (c.Latest || c.Published) && c.Content.Contains(MediaItem.IdPrefix))
            .Select(c => new { c.ContentItemId, c.ContentType, c.DisplayText, c.Content }).ToListAsync(cancellationToken);
        foreach (var id in wanted)
        {
            result[id] = [.. rows.Where(r => r.Content.Contains(id, StringComparison.Ordinal)).DistinctBy(r => r.ContentItemId, StringComparer.Ordinal)
                .Select(r => new MediaUse(r.ContentItemId, r.ContentType, contentTypes.Value.Types.TryGetValue(r.ContentType, out var type) ? type.DisplayName : r.ContentType, r.DisplayText))];
        }

        return result;
    }

    /// <summary>"2 message templates (Purchase offer, Trial invitation) and the landing page branding".</summary>
    public static string DescribeUsage(IReadOnlyList<MediaUse> uses) =>
        string.Join(" and ", uses.GroupBy(u => u.TypeName, StringComparer.Ordinal).Select(g => g.Count() == 1
            ? $"{g.Key} \"{g.First().Title}\""
            : $"{g.Count()} × {g.Key} ({string.Join(", ", g.Select(u => u.Title))})"));

    public async Task<(long Used, long Quota)> QuotaAsync(string organizationId, CancellationToken cancellationToken = default)
    {
        var row = await db.Set<MediaQuota>().AsNoTracking().ForOrganization(organizationId).FirstOrDefaultAsync(cancellationToken);
        return (row?.UsedBytes ?? 0, row?.QuotaBytes ?? Options.DefaultQuotaBytes);
    }

    /// <summary>The operator's quota for a partner in megabytes (null: the site's default).</summary>
    public async Task<string?> SetQuotaAsync(string organizationId, long? megabytes, string by, CancellationToken cancellationToken = default)
    {
        if (megabytes is < 0 or > 100_000)
        {
            return "A quota is between 0 and 100,000 MB (empty: the site's default).";
        }

        if (!await db.Organizations.AcrossOrganizations("the operator sets a partner's quota").AnyAsync(o => o.Id == organizationId && o.Kind == Core.Organizations.OrganizationKind.Partner, cancellationToken))
        {
            return "There is no such partner.";
        }

        await EnsureQuotaRowAsync(organizationId, cancellationToken);
        long? bytes = megabytes * 1024 * 1024;
        await db.Set<MediaQuota>().AcrossOrganizations("the operator sets a partner's quota").Where(q => q.OrganizationId == organizationId)
            .ExecuteUpdateAsync(u => u.SetProperty(q => q.QuotaBytes, bytes), cancellationToken);
        audit.Record("media.quota-set", megabytes is null ? "the site's default" : $"{megabytes} MB", organizationId, null);
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>Every partner with what its library holds and may hold (the operator's page).</summary>
    public async Task<List<(string Id, string Name, long Used, long Quota, bool Own)>> QuotasAsync(CancellationToken cancellationToken = default)
    {
        var partners = await db.Organizations.AcrossOrganizations("the operator lists every partner's library size").AsNoTracking()
            .Where(o => o.Kind == Core.Organizations.OrganizationKind.Partner).OrderBy(o => o.Name).Select(o => new { o.Id, o.Name }).ToListAsync(cancellationToken);
        var rows = await db.Set<MediaQuota>().AcrossOrganizations("the operator lists every partner's library size").AsNoTracking().ToDictionaryAsync(q => q.OrganizationId, StringComparer.Ordinal, cancellationToken);
        return [.. partners.Select(p => rows.TryGetValue(p.Id, out var q)
            ? (p.Id, p.Name, q.UsedBytes, q.QuotaBytes ?? Options.DefaultQuotaBytes, q.QuotaBytes is not null)
            : (p.Id, p.Name, 0L, Options.DefaultQuotaBytes, false))];
    }

    /// <summary>An image's file for anyone with its address: the stored width nearest above <paramref name="width"/> (0: the original).</summary>
    public async Task<(MediaItem Item, MediaFile File)?> FileAsync(string id, int width, CancellationToken cancellationToken = default)
    {
        if (!IsId(id))
        {
            return null;
        }

        var item = await db.Set<MediaItem>().AcrossOrganizations(Everyone).AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (item is null)
        {
            return null;
        }

        var file = await db.Set<MediaFile>().AcrossOrganizations(Everyone).AsNoTracking().FirstOrDefaultAsync(f => f.MediaItemId == id && f.Width == width, cancellationToken);
        return file is null ? null : (item, file);
    }

    /// <summary>The address of an image at a width (the nearest stored one at least as wide, else the original); absolute when PartnerCms:PublicUrl is set.</summary>
    public string UrlFor(MediaItem item, int? width = null)
    {
        var stored = width is > 0 && item.ContentType != "image/svg+xml"
            ? Options.Widths.Where(w => w < item.Width && w >= width).DefaultIfEmpty(0).Min()
            : 0;
        var path = $"/media/{item.Id}/{(stored == 0 ? "original" : stored.ToString(System.Globalization.CultureInfo.InvariantCulture))}.{item.Extension}";
        return configuration["PartnerCms:PublicUrl"] is { Length: > 0 } origin ? origin.TrimEnd('/') + path : path;
    }

    /// <summary>The widths stored for an image besides its original.</summary>
    public IEnumerable<int> WidthsOf(MediaItem item) => item.ContentType == "image/svg+xml" ? [] : Options.Widths.Where(w => w < item.Width);

    public static bool IsId(string? id) => id is { Length: 26 } && id.StartsWith(MediaItem.IdPrefix, StringComparison.Ordinal) && !id.AsSpan(6).ContainsAnyExcept(LowerHex);

    public static string Megabytes(long bytes) => bytes < 1024 * 1024 ? $"{Math.Max(1, bytes / 1024):N0} KB" : $"{bytes / (1024.0 * 1024):N1} MB";

    private IEnumerable<(int Width, byte[] Data)> Resized(CheckedImage image)
    {
        using var bitmap = SKBitmap.Decode(image.Data);
        if (bitmap is null)
        {
            yield break;
        }

        var format = image.ContentType switch
        {
            "image/jpeg" => SKEncodedImageFormat.Jpeg,
            "image/webp" => SKEncodedImageFormat.Webp,
            _ => SKEncodedImageFormat.Png,
        };
        foreach (var width in Options.Widths.Where(w => w < bitmap.Width).Order())
        {
            var height = Math.Max(1, (int)Math.Round((double)bitmap.Height * width / bitmap.Width));
            using var resized = bitmap.Resize(new SKImageInfo(width, height, bitmap.ColorType, bitmap.AlphaType), new SKSamplingOptions(SKCubicResampler.Mitchell));
            using var encoded = resized?.Encode(format, 85);
            if (encoded is not null)
            {
                yield return (width, encoded.ToArray());
            }
        }
    }

    private async Task EnsureQuotaRowAsync(string organizationId, CancellationToken cancellationToken)
    {
        if (await db.Set<MediaQuota>().AcrossOrganizations("the quota row of the partner named").AnyAsync(q => q.OrganizationId == organizationId, cancellationToken))
        {
            return;
        }

        db.Add(new MediaQuota { OrganizationId = organizationId });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another upload (perhaps on another node) made it at the same moment.
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private static string SearchTextOf(MediaItem item) => (item.Name + " " + item.AltText).ToLowerInvariant();

    private static string Clean(string text) => new string([.. text.Where(c => !char.IsControl(c))]).Trim();

    private static (string Alt, string? Error) NormalizeAlt(string? altText)
    {
        var alt = Clean(altText ?? string.Empty);
        return alt.Length == 0 ? (alt, "Alt text is required: describe the image for people who cannot see it (for example \"Contoso's team at the Berlin office\").")
            : alt.Length > 500 ? (alt, "Alt text is at most 500 characters.")
            : (alt, null);
    }

    /// <summary>"" or up to five segments of letters, digits, spaces, - and _ (40 characters each), joined by "/".</summary>
    public static (string Folder, string? Error) NormalizeFolder(string? folder)
    {
        var segments = (folder ?? string.Empty).Split('/', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length > 5)
        {
            return (string.Empty, "A folder is at most five levels deep.");
        }

        foreach (var segment in segments)
        {
            if (segment.Length > 40 || !segment.All(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_') || segment is "." or "..")
            {
                return (string.Empty, $"The folder name \"{(segment.Length > 40 ? segment[..40] + "…" : Clean(segment))}\" may have letters, digits, spaces, - and _ (at most 40 characters per level, levels separated by /).");
            }
        }

        return (string.Join('/', segments), null);
    }

    private static string NormalizeName(string? fileName, string extension)
    {
        var name = Clean(Path.GetFileName((fileName ?? string.Empty).Replace('\\', '/')));
        name = name.Length > 200 ? name[..200] : name;
        return name.Length == 0 ? "image." + extension : name;
    }
}
