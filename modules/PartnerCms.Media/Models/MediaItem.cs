using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerCms.Core.Organizations;

namespace PartnerCms.Media.Models;

/// <summary>
/// An image in a partner's media library. Its id (media-…) is random and its files never change: a new image is a new
/// id, so its address can be cached for a year. The files themselves are <see cref="MediaFile"/> rows.
/// </summary>
public sealed class MediaItem : IOrganizationScoped
{
    public const string IdPrefix = "media-";

    public string Id { get; set; } = string.Empty;

    public string OrganizationId { get; set; } = string.Empty;

    /// <summary>"" for the top, else segments joined by "/" ("campaigns/spring").</summary>
    public string Folder { get; set; } = string.Empty;

    /// <summary>The file name it was uploaded with (shown, searched; never used to judge its type).</summary>
    public string Name { get; set; } = string.Empty;

    public string AltText { get; set; } = string.Empty;

    /// <summary>The lower-cased name and alt text, for a search that ignores case on every database.</summary>
    public string SearchText { get; set; } = string.Empty;

    public string ContentType { get; set; } = string.Empty;

    public string Extension { get; set; } = string.Empty;

    public int Width { get; set; }

    public int Height { get; set; }

    /// <summary>Bytes of all its files (the original and the resized ones): what counts against the quota.</summary>
    public long Length { get; set; }

    /// <summary>A hash of the stored original: the ETag.</summary>
    public string Hash { get; set; } = string.Empty;

    public DateTime CreatedUtc { get; set; }

    public string CreatedBy { get; set; } = string.Empty;
}

/// <summary>One stored file of an image: the original (width 0) or a resized one at a standard width.</summary>
public sealed class MediaFile : IOrganizationScoped
{
    public string MediaItemId { get; set; } = string.Empty;

    public int Width { get; set; }

    public string OrganizationId { get; set; } = string.Empty;

    public byte[] Data { get; set; } = [];
}

/// <summary>A partner's library size: what it holds now and, when the operator set one, its own quota (else the site's default).</summary>
public sealed class MediaQuota : IOrganizationScoped
{
    public string OrganizationId { get; set; } = string.Empty;

    public long UsedBytes { get; set; }

    public long? QuotaBytes { get; set; }
}

internal sealed class MediaItemConfiguration : IEntityTypeConfiguration<MediaItem>
{
    public void Configure(EntityTypeBuilder<MediaItem> builder)
    {
        builder.ToTable("MediaItems");
        builder.Property(m => m.Id).HasMaxLength(40);
        builder.Property(m => m.OrganizationId).HasMaxLength(64);
        builder.Property(m => m.Folder).HasMaxLength(200);
        builder.Property(m => m.Name).HasMaxLength(200);
        builder.Property(m => m.AltText).HasMaxLength(500);
        builder.Property(m => m.SearchText).HasMaxLength(701);
        builder.Property(m => m.ContentType).HasMaxLength(50);
        builder.Property(m => m.Extension).HasMaxLength(10);
        builder.Property(m => m.Hash).HasMaxLength(64);
        builder.Property(m => m.CreatedBy).HasMaxLength(256);
        builder.HasIndex(m => new { m.OrganizationId, m.Folder, m.CreatedUtc });
    }
}

internal sealed class MediaFileConfiguration : IEntityTypeConfiguration<MediaFile>
{
    public void Configure(EntityTypeBuilder<MediaFile> builder)
    {
        builder.ToTable("MediaFiles");
        builder.HasKey(f => new { f.MediaItemId, f.Width });
        builder.Property(f => f.MediaItemId).HasMaxLength(40);
        builder.Property(f => f.OrganizationId).HasMaxLength(64);
    }
}

internal sealed class MediaQuotaConfiguration : IEntityTypeConfiguration<MediaQuota>
{
    public void Configure(EntityTypeBuilder<MediaQuota> builder)
    {
        builder.ToTable("MediaQuotas");
        builder.HasKey(q => q.OrganizationId);
        builder.Property(q => q.OrganizationId).HasMaxLength(64);
    }
}
