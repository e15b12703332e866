using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Data;

namespace PartnerCms.Core.Content;

/// <summary>
/// The versioning every edited document shares (content items such as templates and offers, a partner's branding, a
/// workflow's definition): a draft edited in place and guarded by a revision, publishing that makes a numbered version,
/// versions kept for history, restore, and (with <see cref="Versioning.Differences"/>) the difference between two.
/// </summary>
public sealed partial class ContentManager
{
    /// <summary>
    /// Saves <paramref name="content"/> as the item's draft: in place when the latest version is a draft, else as a new
    /// draft version above the published one. With <paramref name="expectedRevision"/>, nothing is saved when someone
    /// saved since that revision (or at the same moment on another node): Saved is false and Latest is what they saved.
    /// </summary>
    public async Task<(bool Saved, ContentItem Latest)> SaveDraftAsync(string contentItemId, JsonObject content, int? expectedRevision, string? author, CancellationToken cancellationToken = default)
    {
        var latest = await LatestRecordAsync(contentItemId, cancellationToken);
        if (expectedRevision is { } revision && latest.Revision != revision)
        {
            return (false, ContentItem.FromRecord(latest));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var target = latest;
        // A version that was ever published is history (an unpublished one too): a draft goes above it.
        if (latest.PublishedUtc is not null)
        {
            latest.Latest = false;
            target = Next(latest, now, published: false);
            db.ContentItems.Add(target);
        }
        else
        {
            target.Revision++;
        }

        target.Content = content.ToJsonString(ContentItem.JsonOptions);
        target.Author = author;
        target.ModifiedUtc = now;
        var item = ContentItem.FromRecord(target);
        try
        {
            await SaveAsync(item, target, cancellationToken);
        }
        catch (ContentConcurrencyException) when (expectedRevision is not null)
        {
            db.ChangeTracker.Clear();
            return (false, ContentItem.FromRecord(await LatestRecordAsync(contentItemId, cancellationToken)));
        }

        return (true, item);
    }

    /// <summary>
    /// Publishes the draft — with <paramref name="content"/> in place of what it held, when given — as the next version,
    /// unless someone saved since <paramref name="expectedRevision"/> (Published false, Latest what they saved). With no
    /// draft, the content is published above the published version. The revision counts up by one.
    /// </summary>
    public async Task<(bool Published, ContentItem Latest)> PublishDraftAsync(string contentItemId, JsonObject? content, int? expectedRevision, string? author, CancellationToken cancellationToken = default)
    {
        var latest = await LatestRecordAsync(contentItemId, cancellationToken);
        if (expectedRevision is { } revision && latest.Revision != revision)
        {
            return (false, ContentItem.FromRecord(latest));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var wasPublished = latest.PublishedUtc is not null;
        await UnpublishAllAsync(contentItemId, cancellationToken);
        var target = latest;
        if (wasPublished)
        {
            latest.Latest = false;
            target = Next(latest, now, published: true);
            target.Content = latest.Content;
            db.ContentItems.Add(target);
        }
        else
        {
            target.Published = true;
            target.PublishedUtc = now;
            target.Revision++;
        }

        if (content is not null)
        {
            target.Content = content.ToJsonString(ContentItem.JsonOptions);
        }

        target.Author = author;
        target.ModifiedUtc = now;
        var item = ContentItem.FromRecord(target);
        try
        {
            await SaveAsync(item, target, cancellationToken);
        }
        catch (ContentConcurrencyException) when (expectedRevision is not null)
        {
            db.ChangeTracker.Clear();
            return (false, ContentItem.FromRecord(await LatestRecordAsync(contentItemId, cancellationToken)));
        }

        return (true, item);
    }

    /// <summary>
    /// Publishes <paramref name="content"/> as the next version (an import, a restore, a recipe). A draft being edited is
    /// not lost: the new version takes the draft's number and the draft moves above it, its revision counted up (so an
    /// editor that had it open is told the document changed).
    /// </summary>
    public async Task<ContentItem> PublishContentAsync(string contentItemId, JsonObject content, string? author, CancellationToken cancellationToken = default)
    {
        var ownTransaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        await using (ownTransaction)
        {
            var latest = await LatestRecordAsync(contentItemId, cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            (string Content, string? Author, DateTime Modified)? draft = latest.Published ? null : (latest.Content, latest.Author, latest.ModifiedUtc);
            await UnpublishAllAsync(contentItemId, cancellationToken);
            ContentItemRecord published;
            if (draft is null)
            {
                latest.Latest = false;
                published = Next(latest, now, published: true);
                db.ContentItems.Add(published);
            }
            else
            {
                published = latest;
                published.Published = true;
                published.PublishedUtc = now;
                published.Revision++;
            }

            published.Content = content.ToJsonString(ContentItem.JsonOptions);
            published.Author = author;
            published.ModifiedUtc = now;
            var item = ContentItem.FromRecord(published);
            await SaveAsync(item, published, cancellationToken);
            if (draft is { } kept)
            {
                published.Latest = false;
                var above = Next(published, kept.Modified, published: false);
                above.Content = kept.Content;
                above.Author = kept.Author;
                db.ContentItems.Add(above);
                await SaveAsync(ContentItem.FromRecord(above), above, cancellationToken);
                item.Latest = false;
            }

            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }

            return item;
        }
    }

    /// <summary>
    /// Takes the published version down (readers get what they had before there was one); the versions stay in the
    /// history and the next publication makes a new one. The revision counts up. False when nothing was published.
    /// </summary>
    public async Task<bool> UnpublishAsync(string contentItemId, string? author, CancellationToken cancellationToken = default)
    {
        var latest = await LatestRecordAsync(contentItemId, cancellationToken);
        var published = await db.ContentItems.Where(r => r.ContentItemId == contentItemId && r.Published).ToListAsync(cancellationToken);
        if (published.Count == 0)
        {
            return false;
        }

        published.ForEach(r => r.Published = false);
        latest.Revision++;
        latest.ModifiedUtc = clock.GetUtcNow().UtcDateTime;
        await SaveAsync(ContentItem.FromRecord(latest), latest, cancellationToken, published: false);
        return true;
    }

    /// <summary>One version by its number, or null.</summary>
    public async Task<ContentItem?> GetVersionAsync(string contentItemId, int version, CancellationToken cancellationToken = default)
    {
        var record = await db.ContentItems.AsNoTracking().FirstOrDefaultAsync(r => r.ContentItemId == contentItemId && r.Version == version, cancellationToken);
        return record is null ? null : ContentItem.FromRecord(record);
    }

    /// <summary>The versions that were published at some time (a draft never published is not one), newest first.</summary>
    public async Task<IReadOnlyList<ContentItem>> GetPublishedVersionsAsync(string contentItemId, int take = 100, CancellationToken cancellationToken = default)
    {
        var records = await db.ContentItems.AsNoTracking()
            .Where(r => r.ContentItemId == contentItemId && r.PublishedUtc != null)
            .OrderByDescending(r => r.Version).Take(take)
            .ToListAsync(cancellationToken);
        return records.Select(ContentItem.FromRecord).ToList();
    }

    /// <summary>
    /// The one item of <paramref name="contentType"/> an organization has (its branding, say), whatever organization the
    /// caller acts for: the caller decides the reader may see it (a landing page shows its partner's branding).
    /// </summary>
    public async Task<ContentItem?> GetOfOrganizationAsync(string contentType, string organizationId, VersionOptions version, CancellationToken cancellationToken = default)
    {
        var query = db.ContentItems.AcrossOrganizations("an organization's own single item (its branding) read for its landing pages and its editors")
            .AsNoTracking().Where(r => r.ContentType == contentType && r.OrganizationId == organizationId);
        query = version == VersionOptions.Latest ? query.Where(r => r.Latest) : query.Where(r => r.Published);
        var record = await query.FirstOrDefaultAsync(cancellationToken);
        return record is null ? null : ContentItem.FromRecord(record);
    }

    /// <summary>
    /// An organization's item of <paramref name="contentType"/> for one variant (its display text: a culture's landing
    /// texts, say), whatever organization the caller acts for, as <see cref="GetOfOrganizationAsync"/>.
    /// </summary>
    public async Task<ContentItem?> GetVariantAsync(string contentType, string organizationId, string variant, VersionOptions version, CancellationToken cancellationToken = default) =>
        (await VariantsAsync(contentType, organizationId, version, cancellationToken)).FirstOrDefault(i => string.Equals(i.DisplayText, variant, StringComparison.OrdinalIgnoreCase));

    /// <summary>Every variant an organization has of <paramref name="contentType"/> (latest or published versions).</summary>
    public async Task<IReadOnlyList<ContentItem>> VariantsAsync(string contentType, string organizationId, VersionOptions version, CancellationToken cancellationToken = default)
    {
        var query = db.ContentItems.AcrossOrganizations("an organization's own variants (its landing texts per culture) read for its landing pages and its editors")
            .AsNoTracking().Where(r => r.ContentType == contentType && r.OrganizationId == organizationId);
        query = version == VersionOptions.Latest ? query.Where(r => r.Latest) : query.Where(r => r.Published);
        return (await query.OrderBy(r => r.DisplayText).Take(200).ToListAsync(cancellationToken)).Select(ContentItem.FromRecord).ToList();
    }

    private async Task<ContentItemRecord> LatestRecordAsync(string contentItemId, CancellationToken cancellationToken) =>
        await db.ContentItems.FirstOrDefaultAsync(r => r.ContentItemId == contentItemId && r.Latest, cancellationToken)
            ?? throw new InvalidOperationException($"Content item '{contentItemId}' does not exist.");

    /// <summary>A new version above <paramref name="below"/>, with its metadata.</summary>
    private static ContentItemRecord Next(ContentItemRecord below, DateTime now, bool published) => new()
    {
        ContentItemId = below.ContentItemId,
        ContentItemVersionId = IdGenerator.New(),
        ContentType = below.ContentType,
        Version = below.Version + 1,
        Latest = true,
        Published = published,
        DisplayText = below.DisplayText,
        OrganizationId = below.OrganizationId,
        OwnerId = below.OwnerId,
        Author = below.Author,
        CreatedUtc = below.CreatedUtc,
        ModifiedUtc = now,
        PublishedUtc = published ? now : null,
        Revision = below.Revision + 1,
    };
}
