using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerCms.Core.Data;
using PartnerCms.Core.Organizations;

namespace PartnerCms.Core.Content;

/// <summary>
/// A typed index row: one per content item, describing its latest version; written in the same transaction as
/// the item. Queries go through index tables, never through the JSON.
/// </summary>
public abstract class ContentIndex : IOrganizationScoped
{
    public long Id { get; set; }

    public string ContentItemId { get; set; } = string.Empty;

    public string OrganizationId { get; set; } = string.Empty;

    /// <summary>Whether the item has a published version.</summary>
    public bool Published { get; set; }
}

/// <summary>Keeps one index table in step with one content type.</summary>
public interface IContentIndexProvider
{
    string ContentType { get; }

    Task UpdateAsync(Data.PartnerCmsDbContext db, ContentItem latest, bool hasPublished, CancellationToken cancellationToken);
}

/// <summary>Base for index providers: finds or adds the item's row and lets the module fill its columns.</summary>
public abstract class ContentIndexProvider<TIndex> : IContentIndexProvider where TIndex : ContentIndex, new()
{
    public abstract string ContentType { get; }

    protected abstract void Map(ContentItem item, TIndex index);

    public async Task UpdateAsync(Data.PartnerCmsDbContext db, ContentItem latest, bool hasPublished, CancellationToken cancellationToken)
    {
        var index = db.Set<TIndex>().Local.FirstOrDefault(i => i.ContentItemId == latest.ContentItemId)
            ?? await db.Set<TIndex>().ForOrganization(latest.OrganizationId).FirstOrDefaultAsync(i => i.ContentItemId == latest.ContentItemId, cancellationToken);
        if (index is null)
        {
            index = new TIndex { ContentItemId = latest.ContentItemId };
            db.Set<TIndex>().Add(index);
        }

        index.OrganizationId = latest.OrganizationId;
        index.Published = hasPublished;
        Map(latest, index);
    }
}

public static class ContentIndexBuilderExtensions
{
    /// <summary>The columns and keys every index table shares.</summary>
    public static EntityTypeBuilder<TIndex> ConfigureContentIndex<TIndex>(this EntityTypeBuilder<TIndex> builder, string table)
        where TIndex : ContentIndex
    {
        builder.ToTable(table);
        builder.HasKey(i => i.Id);
        builder.Property(i => i.ContentItemId).HasMaxLength(26).IsRequired();
        builder.Property(i => i.OrganizationId).HasMaxLength(64).IsRequired();
        builder.HasIndex(i => i.ContentItemId).IsUnique();
        return builder;
    }
}
