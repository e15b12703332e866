using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerCms.Core.Data;
using PartnerCms.Core.Organizations;

namespace PartnerCms.Core.Content;

/// <summary>Thrown when two people saved the same content item at once; the later save is refused, nothing is lost.</summary>
public sealed class ContentConcurrencyException(string contentItemId, Exception inner)
    : Exception($"Content item '{contentItemId}' was changed by someone else at the same time. Reload it and try again.", inner);

/// <summary>
/// Creates, versions, publishes and loads content items, and keeps their index tables in the same transaction.
/// Items are always read through the organization filter.
/// </summary>
public sealed partial class ContentManager(
    PartnerCmsDbContext db,
    IOptions<ContentOptions> options,
    IEnumerable<IContentIndexProvider> indexProviders,
    ICurrentOrganization currentOrganization,
    TimeProvider clock)
{
    public ContentTypeDefinition GetDefinition(string contentType) =>
        options.Value.Types.TryGetValue(contentType, out var definition)
            ? definition
            : throw new InvalidOperationException($"Content type '{contentType}' is not defined by any enabled module.");

    /// <summary>A new item of the type, owned by the caller's organization. Nothing is stored until <see cref="CreateAsync"/>.</summary>
    public ContentItem New(string contentType)
    {
        GetDefinition(contentType);
        return new ContentItem(contentType, IdGenerator.New()) { OrganizationId = currentOrganization.OrganizationId ?? string.Empty };
    }

    /// <summary>Stores version 1. Items of a type that is not draftable are always published.</summary>
    public async Task CreateAsync(ContentItem item, bool publish = true, CancellationToken cancellationToken = default)
    {
        var definition = GetDefinition(item.ContentType);
        if (string.IsNullOrEmpty(item.OrganizationId))
        {
            throw new InvalidOperationException("A content item must belong to an organization.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        item.Version = 1;
        item.CreatedUtc = now;
        var record = NewRecord(item, published: publish || !definition.Draftable, now);
        db.ContentItems.Add(record);
        await SaveAsync(item, record, cancellationToken);
    }

    /// <summary>
    /// Saves the item's changes. A versionable type keeps the previous version and stores a new one; a draftable type
    /// stores a draft and leaves the published version alone until <see cref="PublishAsync"/>.
    /// </summary>
    public async Task UpdateAsync(ContentItem item, CancellationToken cancellationToken = default)
    {
        var definition = GetDefinition(item.ContentType);
        var latest = await db.ContentItems.FirstOrDefaultAsync(r => r.ContentItemId == item.ContentItemId && r.Latest, cancellationToken)
            ?? throw new InvalidOperationException($"Content item '{item.ContentItemId}' does not exist.");
        if (item.Version != latest.Version)
        {
            throw new ContentConcurrencyException(item.ContentItemId, new InvalidOperationException(
                $"Version {item.Version} was edited but version {latest.Version} is the latest."));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        ContentItemRecord target;
        // A versionable type keeps every version. A draftable-only type keeps the published version and edits its
        // unpublished draft in place.
        var keepPrevious = definition.Versionable || (definition.Draftable && latest.PublishedUtc is not null);
        if (keepPrevious)
        {
            latest.Latest = false;
            var publish = !definition.Draftable;
            if (publish)
            {
                await UnpublishAllAsync(item.ContentItemId, cancellationToken);
            }

            item.Version = latest.Version + 1;
            target = NewRecord(item, publish, now);
            target.Revision = latest.Revision + 1;
            db.ContentItems.Add(target);
        }
        else
        {
            target = latest;
            Copy(item, target, now);
            target.Revision++;
        }

        await SaveAsync(item, target, cancellationToken);
    }

    /// <summary>Makes the latest version the published one.</summary>
    public async Task PublishAsync(ContentItem item, CancellationToken cancellationToken = default)
    {
        var latest = await db.ContentItems.FirstOrDefaultAsync(r => r.ContentItemId == item.ContentItemId && r.Latest, cancellationToken)
            ?? throw new InvalidOperationException($"Content item '{item.ContentItemId}' does not exist.");
        await UnpublishAllAsync(item.ContentItemId, cancellationToken);
        latest.Published = true;
        latest.PublishedUtc = clock.GetUtcNow().UtcDateTime;
        latest.Revision++;
        await SaveAsync(item, latest, cancellationToken);
    }

    public async Task<ContentItem?> GetAsync(string contentItemId, VersionOptions version = VersionOptions.Latest, CancellationToken cancellationToken = default)
    {
        var query = db.ContentItems.AsNoTracking().Where(r => r.ContentItemId == contentItemId);
        query = version == VersionOptions.Latest ? query.Where(r => r.Latest) : query.Where(r => r.Published);
        var record = await query.FirstOrDefaultAsync(cancellationToken);
        return record is null ? null : ContentItem.FromRecord(record);
    }

    /// <summary>
    /// Reads an item whatever organization owns it — for shared data such as the platform's defaults. The caller
    /// decides that the reader may see it.
    /// </summary>
    public async Task<ContentItem?> GetFromAnyOrganizationAsync(string contentItemId, VersionOptions version, CancellationToken cancellationToken = default)
    {
        var query = db.ContentItems.AcrossOrganizations("read by id for a caller that checked whose item it is (an offer link, a partner's default template)").AsNoTracking().Where(r => r.ContentItemId == contentItemId);
        query = version == VersionOptions.Latest ? query.Where(r => r.Latest) : query.Where(r => r.Published);
        var record = await query.FirstOrDefaultAsync(cancellationToken);
        return record is null ? null : ContentItem.FromRecord(record);
    }

    /// <summary>Loads items whose ids an index query found, in the given order.</summary>
    public Task<IReadOnlyList<ContentItem>> GetManyAsync(IReadOnlyCollection<string> contentItemIds, VersionOptions version = VersionOptions.Latest, CancellationToken cancellationToken = default) =>
        GetManyAsync(db.ContentItems, contentItemIds, version, cancellationToken);

    /// <summary>
    /// Loads items of any organization whose ids an index query found (in the given order), for a caller whose index query
    /// already decided the items are its to read (e.g. a relationship stored with the customer, listed to its partner).
    /// </summary>
    public Task<IReadOnlyList<ContentItem>> GetManyFromAnyOrganizationAsync(IReadOnlyCollection<string> contentItemIds, VersionOptions version, string reason, CancellationToken cancellationToken = default) =>
        GetManyAsync(db.ContentItems.AcrossOrganizations(reason), contentItemIds, version, cancellationToken);

    private static async Task<IReadOnlyList<ContentItem>> GetManyAsync(IQueryable<ContentItemRecord> records, IReadOnlyCollection<string> contentItemIds, VersionOptions version, CancellationToken cancellationToken)
    {
        var query = records.AsNoTracking().Where(r => contentItemIds.Contains(r.ContentItemId));
        query = version == VersionOptions.Latest ? query.Where(r => r.Latest) : query.Where(r => r.Published);
        var byId = (await query.ToListAsync(cancellationToken)).ToDictionary(r => r.ContentItemId, StringComparer.Ordinal);
        return contentItemIds.Where(byId.ContainsKey).Select(id => ContentItem.FromRecord(byId[id])).ToList();
    }

    /// <summary>Every stored version, newest first.</summary>
    public async Task<IReadOnlyList<ContentItem>> GetVersionsAsync(string contentItemId, CancellationToken cancellationToken = default)
    {
        var records = await db.ContentItems.AsNoTracking()
            .Where(r => r.ContentItemId == contentItemId)
            .OrderByDescending(r => r.Version)
            .ToListAsync(cancellationToken);
        return records.Select(ContentItem.FromRecord).ToList();
    }

    private async Task UnpublishAllAsync(string contentItemId, CancellationToken cancellationToken)
    {
        foreach (var published in await db.ContentItems.Where(r => r.ContentItemId == contentItemId && r.Published).ToListAsync(cancellationToken))
        {
            published.Published = false;
        }
    }

    private static ContentItemRecord NewRecord(ContentItem item, bool published, DateTime now)
    {
        var record = new ContentItemRecord
        {
            ContentItemId = item.ContentItemId,
            ContentItemVersionId = IdGenerator.New(),
            ContentType = item.ContentType,
            Version = item.Version,
            Latest = true,
            Published = published,
            CreatedUtc = item.CreatedUtc == default ? now : item.CreatedUtc,
            PublishedUtc = published ? now : null,
        };
        Copy(item, record, now);
        return record;
    }

    private static void Copy(ContentItem item, ContentItemRecord record, DateTime now)
    {
        record.DisplayText = item.DisplayText;
        record.OrganizationId = item.OrganizationId;
        record.OwnerId = item.OwnerId;
        record.Author = item.Author;
        record.ModifiedUtc = now;
        record.Content = item.Content.ToJsonString(ContentItem.JsonOptions);
    }

    private async Task SaveAsync(ContentItem item, ContentItemRecord latest, CancellationToken cancellationToken, bool? published = null)
    {
        var hasPublished = published ?? latest.Published
            || db.ContentItems.Local.Any(r => r.ContentItemId == item.ContentItemId && r.Published)
            || await db.ContentItems.AnyAsync(r => r.ContentItemId == item.ContentItemId && r.Published, cancellationToken);
        var latestItem = ContentItem.FromRecord(latest);
        foreach (var provider in indexProviders.Where(p => p.ContentType == item.ContentType))
        {
            await provider.UpdateAsync(db, latestItem, hasPublished, cancellationToken);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException || ex.IsUniqueViolation<ContentItemRecord>(db, nameof(ContentItemRecord.ContentItemId), nameof(ContentItemRecord.Version)))
        {
            throw new ContentConcurrencyException(item.ContentItemId, ex);
        }

        item.ContentItemVersionId = latest.ContentItemVersionId;
        item.Version = latest.Version;
        item.Latest = true;
        item.Published = latest.Published;
        item.ModifiedUtc = latest.ModifiedUtc;
        item.PublishedUtc = latest.PublishedUtc;
        item.Revision = latest.Revision;
    }
}
