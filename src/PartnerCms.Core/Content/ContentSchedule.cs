using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Audit;
using PartnerCms.Core.Data;
using PartnerCms.Core.Jobs;
using PartnerCms.Core.Organizations;

namespace PartnerCms.Core.Content;

/// <summary>What a schedule does when it is due.</summary>
public enum ScheduledContentAction
{
    /// <summary>Publishes the draft (the revision that was scheduled; a later edit ends the schedule).</summary>
    Publish,

    /// <summary>Takes the published version down: readers get what they got before there was one (a default, the theme).</summary>
    Unpublish,
}

/// <summary>A publication or an unpublication of a content item due at a time, run once across nodes by the job runner.</summary>
public sealed class ContentSchedule : IOrganizationScoped
{
    public long Id { get; set; }

    public required string ContentItemId { get; set; }

    public required string ContentType { get; set; }

    public string OrganizationId { get; set; } = string.Empty;

    public ScheduledContentAction Action { get; set; }

    public DateTime DueUtc { get; set; }

    /// <summary>For a publication: the draft's version and revision when it was scheduled (what was checked and reviewed).</summary>
    public int Version { get; set; }

    public int Revision { get; set; }

    public required string ScheduledBy { get; set; }

    public DateTime ScheduledUtc { get; set; }
}

internal sealed class ContentScheduleConfiguration : IEntityTypeConfiguration<ContentSchedule>
{
    public void Configure(EntityTypeBuilder<ContentSchedule> builder)
    {
        builder.ToTable("ContentSchedules");
        builder.Property(s => s.ContentItemId).HasMaxLength(26);
        builder.Property(s => s.ContentType).HasMaxLength(64);
        builder.Property(s => s.OrganizationId).HasMaxLength(64);
        builder.Property(s => s.Action).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.ScheduledBy).HasMaxLength(256);
        builder.HasIndex(s => new { s.ContentItemId, s.Action }).IsUnique();
    }
}

/// <summary>
/// A draftable content type's publication as the scheduler and the review (<see cref="ContentReviews"/>) see it.
/// What a content type does when its schedule is due: the module's own publication (its checks, its caches, its audit
/// wording), so a scheduled publication is exactly a publication by hand, done later.
/// </summary>
public interface IScheduledContentHandler
{
    string ContentType { get; }

    /// <summary>The audit action's prefix and the item's name in audit entries: ("template", "offer-invitation").</summary>
    (string AuditPrefix, string Name) Describe(ContentItem item);

    /// <summary>Publishes <paramref name="draft"/> as <paramref name="actor"/>; null when published, else why not.</summary>
    Task<string?> PublishAsync(IServiceProvider services, ContentItem draft, string actor, CancellationToken cancellationToken);

    /// <summary>Takes the published version of the item down as <paramref name="actor"/>.</summary>
    Task UnpublishAsync(IServiceProvider services, ContentItem item, string actor, CancellationToken cancellationToken);

    /// <summary>The page where the item is edited (links in review notifications).</summary>
    string EditLink(ContentItem item);

    /// <summary>The organization roles that edit (and review) items of this type.</summary>
    IReadOnlyList<string> EditorRoles => ContentEditorRoles.Partner;
}

/// <summary>The result of asking for a schedule: null error when it is kept.</summary>
public sealed record ScheduleResult(string? Error)
{
    public bool Succeeded => Error is null;
}

/// <summary>
/// "Publish at" and "Unpublish at" for any draftable content item: a row per item and action that says what and who, and
/// a delayed job ("content-schedule:item|action") the job runner takes once across nodes, kept over restarts.
/// </summary>
public sealed class ContentScheduler(PartnerCmsDbContext db, ContentManager content, IJobScheduler jobs, AuditTrail audit, TimeProvider clock, IEnumerable<IScheduledContentHandler> handlers, ContentReviews reviews)
{
    public const string JobKind = "content-schedule";

    /// <summary>How far ahead a schedule may be.</summary>
    public const int MaxDays = 365;

    /// <summary>The item's schedules (at most one per action).</summary>
    public async Task<IReadOnlyList<ContentSchedule>> GetAsync(string contentItemId, CancellationToken cancellationToken = default) =>
        await db.Set<ContentSchedule>().AsNoTracking().Where(s => s.ContentItemId == contentItemId).OrderBy(s => s.DueUtc).ToListAsync(cancellationToken);

    /// <summary>
    /// What the shared Schedule panel shows for an item (its latest version; null before the first save): its schedules,
    /// its draft, whether a version is published (and may be taken down: <paramref name="canUnpublish"/>).
    /// </summary>
    public async Task<ContentScheduleView> ViewAsync(
        string actionBase, ContentItem? latest, string? publishError = null, string? unpublishError = null, bool canUnpublish = true, CancellationToken cancellationToken = default)
    {
        var schedules = latest is null ? [] : await GetAsync(latest.ContentItemId, cancellationToken);
        var published = latest is not null && (latest.Published || await content.GetFromAnyOrganizationAsync(latest.ContentItemId, VersionOptions.Published, cancellationToken) is not null);
        return new ContentScheduleView(actionBase, schedules, latest is { Published: false }, latest?.Version ?? 0, published && canUnpublish, publishError, unpublishError) { HasPublished = published };
    }

    /// <summary>
    /// Schedules <paramref name="action"/> on the item at <paramref name="dueUtc"/> (replacing one scheduled before).
    /// A publication needs a draft and is of that draft as it is now; an unpublication needs a published version or a
    /// publication scheduled before it.
    /// </summary>
    public async Task<ScheduleResult> ScheduleAsync(ContentItem latest, ScheduledContentAction action, DateTime dueUtc, string by, CancellationToken cancellationToken = default)
    {
        var handler = Handler(latest.ContentType);
        var now = clock.GetUtcNow().UtcDateTime;
        dueUtc = DateTime.SpecifyKind(dueUtc, DateTimeKind.Utc);
        if (dueUtc <= now.AddMinutes(1) || dueUtc > now.AddDays(MaxDays))
        {
            return new ScheduleResult($"Choose a time (UTC) between a few minutes from now and {MaxDays} days ahead.");
        }

        var existing = await db.Set<ContentSchedule>().Where(s => s.ContentItemId == latest.ContentItemId).ToListAsync(cancellationToken);
        var publication = existing.FirstOrDefault(s => s.Action == ScheduledContentAction.Publish);
        if (action == ScheduledContentAction.Publish)
        {
            if (latest.Published)
            {
                return new ScheduleResult("There is no draft to schedule: save a draft first.");
            }

            if (await reviews.CheckPublishAsync(latest, cancellationToken) is { } unreviewed)
            {
                return new ScheduleResult(unreviewed);
            }

            if (existing.FirstOrDefault(s => s.Action == ScheduledContentAction.Unpublish) is { } takeDown && takeDown.DueUtc <= dueUtc)
            {
                return new ScheduleResult($"The publication must come before the scheduled unpublication ({takeDown.DueUtc:yyyy-MM-dd HH:mm} UTC).");
            }
        }
        else
        {
            var published = await content.GetAsync(latest.ContentItemId, VersionOptions.Published, cancellationToken);
            if (published is null && publication is null)
            {
                return new ScheduleResult("Nothing is published or scheduled to be: there is nothing to unpublish.");
            }

            if (publication is not null && publication.DueUtc >= dueUtc)
            {
                return new ScheduleResult($"The unpublication must come after the scheduled publication ({publication.DueUtc:yyyy-MM-dd HH:mm} UTC).");
            }
        }

        var row = existing.FirstOrDefault(s => s.Action == action);
        if (row is null)
        {
            row = new ContentSchedule { ContentItemId = latest.ContentItemId, ContentType = latest.ContentType, OrganizationId = latest.OrganizationId, Action = action, ScheduledBy = by };
            db.Add(row);
        }

        (row.DueUtc, row.Version, row.Revision, row.ScheduledBy, row.ScheduledUtc) = (dueUtc, latest.Version, latest.Revision, by, now);
        var (prefix, name) = handler.Describe(latest);
        var what = action == ScheduledContentAction.Publish ? $"{name} version {latest.Version}" : name;
        audit.Record($"{prefix}.{Verb(action)}-scheduled", $"{what} at {dueUtc:yyyy-MM-dd HH:mm} UTC", latest.OrganizationId, null, actorUserName: by);

        // Saved with the job's row in one SaveChanges: both or neither.
        await jobs.ScheduleAsync(JobKind, JobKey(latest.ContentItemId, action), dueUtc, cancellationToken);
        return new ScheduleResult(null);
    }

    /// <summary>Cancels the item's schedule of <paramref name="action"/>; false when there was none.</summary>
    public async Task<bool> CancelAsync(ContentItem item, ScheduledContentAction action, string by, string? reason = null, CancellationToken cancellationToken = default)
    {
        var row = await db.Set<ContentSchedule>().FirstOrDefaultAsync(s => s.ContentItemId == item.ContentItemId && s.Action == action, cancellationToken);
        if (row is null)
        {
            return false;
        }

        db.Remove(row);
        var (prefix, name) = Handler(item.ContentType).Describe(item);
        audit.Record($"{prefix}.{Verb(action)}-schedule-cancelled", $"{name}, due {row.DueUtc:yyyy-MM-dd HH:mm} UTC" + (reason is null ? string.Empty : $": {reason}"), item.OrganizationId, null, actorUserName: by);
        await db.SaveChangesAsync(cancellationToken);
        await jobs.CancelAsync(JobKind, JobKey(item.ContentItemId, action), cancellationToken);
        return true;
    }

    /// <summary>
    /// Ends a publication scheduled of a draft that has since changed or been published by hand (what was scheduled is
    /// no longer what is there). True when there was one.
    /// </summary>
    public async Task<bool> EndPublicationIfChangedAsync(ContentItem latest, string by, CancellationToken cancellationToken = default)
    {
        var row = await db.Set<ContentSchedule>().AsNoTracking().FirstOrDefaultAsync(s => s.ContentItemId == latest.ContentItemId && s.Action == ScheduledContentAction.Publish, cancellationToken);
        return row is not null && (latest.Published || row.Version != latest.Version || row.Revision != latest.Revision)
            && await CancelAsync(latest, ScheduledContentAction.Publish, by, latest.Published ? "published by hand" : "the draft was edited", cancellationToken);
    }

    /// <summary>The job: runs the schedule when it is (still) due; a changed draft is not published.</summary>
    internal async Task RunAsync(IServiceProvider services, string contentItemId, ScheduledContentAction action, CancellationToken cancellationToken)
    {
        var row = await db.Set<ContentSchedule>().AcrossOrganizations("the job runner runs every organization's schedules")
            .FirstOrDefaultAsync(s => s.ContentItemId == contentItemId && s.Action == action, cancellationToken);
        if (row is null || row.DueUtc > clock.GetUtcNow().UtcDateTime)
        {
            return;
        }

        // The row goes with the publication's own save (or the audit entry's below): a crash in between runs it again.
        var handler = Handler(row.ContentType);
        var item = await content.GetFromAnyOrganizationAsync(contentItemId, VersionOptions.Latest, cancellationToken);
        db.Remove(row);
        if (item is null)
        {
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        var (prefix, name) = handler.Describe(item);
        var actor = row.ScheduledBy + " (scheduled)";
        if (action == ScheduledContentAction.Unpublish)
        {
            await handler.UnpublishAsync(services, item, actor, cancellationToken);
            audit.Record($"{prefix}.unpublished", $"{name}, scheduled for {row.DueUtc:yyyy-MM-dd HH:mm} UTC", item.OrganizationId, null, actorUserName: actor);
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        var error = item.Published || item.Version != row.Version || item.Revision != row.Revision
            ? "the draft changed after it was scheduled"
            : await handler.PublishAsync(services, item, actor, cancellationToken);
        audit.Record(
            $"{prefix}.published",
            error is null ? $"{name} version {item.Version}, scheduled for {row.DueUtc:yyyy-MM-dd HH:mm} UTC" : $"{name} version {row.Version}: not published, {error}",
            item.OrganizationId, null, error is null ? AuditOutcomes.Succeeded : AuditOutcomes.Failed, actor);
        await db.SaveChangesAsync(cancellationToken);
    }

    private IScheduledContentHandler Handler(string contentType) =>
        handlers.FirstOrDefault(h => h.ContentType == contentType) ?? throw new InvalidOperationException($"Content type '{contentType}' cannot be scheduled.");

    private static string Verb(ScheduledContentAction action) => action == ScheduledContentAction.Publish ? "publish" : "unpublish";

    internal static string JobKey(string contentItemId, ScheduledContentAction action) => $"{contentItemId}|{action}";
}

/// <summary>Runs a content schedule when its job is due.</summary>
internal sealed class ContentScheduleJob : IDelayedJobHandler
{
    public string Kind => ContentScheduler.JobKind;

    public Task RunAsync(IServiceProvider services, string key, CancellationToken cancellationToken) =>
        key.Split('|') is [var id, var actionName] && Enum.TryParse<ScheduledContentAction>(actionName, out var action)
            ? services.GetRequiredService<ContentScheduler>().RunAsync(services, id, action, cancellationToken)
            : Task.CompletedTask;
}

/// <summary>
/// What the shared "Publish at / Unpublish at" panel shows for an item (the admin theme's _ContentSchedule partial):
/// the forms post to <c>{ActionBase}/schedule</c> (publishAt or unpublishAt) and <c>{ActionBase}/schedule/cancel</c> (action).
/// </summary>
public sealed record ContentScheduleView(
    string ActionBase, IReadOnlyList<ContentSchedule> Schedules, bool HasDraft, int DraftVersion, bool CanUnpublish, string? PublishError = null, string? UnpublishError = null)
{
    /// <summary>Whether a version of the item is published now (false: readers get the default).</summary>
    public bool HasPublished { get; init; }

    public ContentSchedule? Publication => Schedules.FirstOrDefault(s => s.Action == ScheduledContentAction.Publish);

    public ContentSchedule? Unpublication => Schedules.FirstOrDefault(s => s.Action == ScheduledContentAction.Unpublish);
}
