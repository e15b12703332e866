using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerCms.Core.Organizations;

namespace PartnerCms.Core.Content;

/// <summary>One stored version of a content item: metadata columns plus the parts as a JSON document.</summary>
public sealed class ContentItemRecord : IOrganizationScoped
{
    public long Id { get; set; }

    public required string ContentItemId { get; set; }

    public required string ContentItemVersionId { get; set; }

    public required string ContentType { get; set; }

    public int Version { get; set; }

    public bool Latest { get; set; }

    public bool Published { get; set; }

    public string DisplayText { get; set; } = string.Empty;

    public string OrganizationId { get; set; } = string.Empty;

    public string? OwnerId { get; set; }

    public string? Author { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime ModifiedUtc { get; set; }

    public DateTime? PublishedUtc { get; set; }

    public string Content { get; set; } = "{}";

    /// <summary>Counts the saves of the item (across its versions): a save names the revision it started from, so two editors never overwrite each other unseen.</summary>
    public int Revision { get; set; }
}

internal sealed class ContentItemRecordConfiguration : IEntityTypeConfiguration<ContentItemRecord>
{
    public void Configure(EntityTypeBuilder<ContentItemRecord> builder)
    {
        builder.ToTable("ContentItems");
        builder.Property(c => c.ContentItemId).HasMaxLength(26);
        builder.Property(c => c.ContentItemVersionId).HasMaxLength(26);
        builder.Property(c => c.ContentType).HasMaxLength(64);
        builder.Property(c => c.DisplayText).HasMaxLength(256);
        builder.Property(c => c.OrganizationId).HasMaxLength(64);
        builder.Property(c => c.OwnerId).HasMaxLength(64);
        builder.Property(c => c.Author).HasMaxLength(256);
        builder.HasIndex(c => c.ContentItemVersionId).IsUnique();
        builder.Property(c => c.Revision).IsConcurrencyToken();

        // Two writers can never both create version N of the same item.
        builder.HasIndex(c => new { c.ContentItemId, c.Version }).IsUnique();
        builder.HasIndex(c => new { c.OrganizationId, c.ContentType, c.Latest, c.Published });
    }
}
