using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerCms.Core.Audit;
using PartnerCms.Core.Data;
using PartnerCms.Core.Notifications;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Security;

namespace PartnerCms.Core.Content;

/// <summary>A step in a draft's review.</summary>
public enum ContentReviewStep
{
    /// <summary>The draft was sent for review (with a comment).</summary>
    Requested,

    /// <summary>A colleague who did not write it approved it: it may be published or scheduled.</summary>
    Approved,

    /// <summary>A colleague asked for changes (the comment says which).</summary>
    ChangesRequested,
}

/// <summary>
/// One step of a version's review, kept with the version (its number) for good: who sent it, who approved it or asked
/// for changes, and what they said. An approval is of the draft as it was (its revision): an edit needs a new one.
/// </summary>
public sealed class ContentReview : IOrganizationScoped
{
    public long Id { get; set; }

    public required string ContentItemId { get; set; }

    public required string ContentType { get; set; }

    public string OrganizationId { get; set; } = string.Empty;

    public int Version { get; set; }

    public int Revision { get; set; }

    public ContentReviewStep Step { get; set; }

    public required string By { get; set; }

    public string? Comment { get; set; }

    public DateTime AtUtc { get; set; }
}

internal sealed class ContentReviewConfiguration : IEntityTypeConfiguration<ContentReview>
{
    public void Configure(EntityTypeBuilder<ContentReview> builder)
    {
        builder.ToTable("ContentReviews");
        builder.Property(r => r.ContentItemId).HasMaxLength(26);
        builder.Property(r => r.ContentType).HasMaxLength(64);
        builder.Property(r => r.OrganizationId).HasMaxLength(64);
        builder.Property(r => r.Step).HasConversion<string>().HasMaxLength(24);
        builder.Property(r => r.By).HasMaxLength(256);
        builder.Property(r => r.Comment).HasMaxLength(ContentReviews.MaxComment);
        builder.HasIndex(r => new { r.ContentItemId, r.Version });
    }
}

/// <summary>
/// Where a draft's review stands, for the editor's Review panel (admin theme partial _ContentReview); History holds the
/// reviews since the last publication (this draft's and the versions' before it), oldest first.
/// </summary>
public sealed record ContentReviewView(string ActionBase, bool Required, bool HasDraft, int DraftVersion, string? DraftAuthor, IReadOnlyList<ContentReview> History, string? Error = null)
{
    /// <summary>The step that counts for the draft as it is now (null: not sent, or edited since).</summary>
    public ContentReview? Current { get; init; }

    public bool Approved => Current?.Step == ContentReviewStep.Approved;

    public bool Pending => Current?.Step == ContentReviewStep.Requested;
}

/// <summary>
/// Review before publishing, a setting of the partner (off by default): a draft is sent for review with a comment,
/// another editor (not the draft's author and not who sent it) approves it or asks for changes; only an approved draft
/// (unchanged since) can be published or scheduled. The modules call <see cref="CheckPublishAsync"/> on every way to
/// publish; the scheduler calls it when a publication is scheduled.
/// </summary>
public sealed class ContentReviews(PartnerCmsDbContext db, AuditTrail audit, TimeProvider clock, IEnumerable<IScheduledContentHandler> handlers, IEnumerable<IUserNotifications> notifiers)
{
    public const int MaxComment = 1000;

    /// <summary>Whether the organization's drafts need a colleague's approval before they are published.</summary>
    public async Task<bool> RequiredAsync(string organizationId, CancellationToken cancellationToken = default) =>
        await db.Organizations.AsNoTracking().Where(o => o.Id == organizationId).Select(o => o.RequireContentReview).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Turns review before publishing on or off for the organization (its global administrator's switch).</summary>
    public async Task SetRequiredAsync(string organizationId, bool require, string by, CancellationToken cancellationToken = default)
    {
        var organization = await db.Organizations.FirstAsync(o => o.Id == organizationId, cancellationToken);
        if (organization.RequireContentReview == require)
        {
            return;
        }

        organization.RequireContentReview = require;
        audit.Record(require ? "content-review.required" : "content-review.not-required",
            require ? "Drafts of message templates and branding are published only after a colleague approves them" : "Drafts are published without review",
            organizationId, null, actorUserName: by);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The Review panel's state for the item's latest version.</summary>
    public async Task<ContentReviewView> ViewAsync(string actionBase, string organizationId, ContentItem? latest, string? error = null, CancellationToken cancellationToken = default)
    {
        var required = await RequiredAsync(organizationId, cancellationToken);
        if (latest is null)
        {
            return new ContentReviewView(actionBase, required, false, 0, null, [], error);
        }

        // The reviews since the last publication: a versioned type makes a version per save, and the reviewer's
        // request for changes (on the version before) belongs to the story of this draft.
        var lastPublished = await db.ContentItems.AsNoTracking().Where(r => r.ContentItemId == latest.ContentItemId && r.PublishedUtc != null)
            .MaxAsync(r => (int?)r.Version, cancellationToken) ?? 0;
        var history = await db.Set<ContentReview>().AsNoTracking()
            .Where(r => r.ContentItemId == latest.ContentItemId && r.Version > lastPublished).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var ofDraft = history.Where(r => r.Version == latest.Version).ToList();
        return new ContentReviewView(actionBase, required, !latest.Published, latest.Version, latest.Author, latest.Published ? [] : history, error) { Current = Current(ofDraft, latest) };
    }

    /// <summary>Every step of the reviews of a version (oldest first).</summary>
    public async Task<IReadOnlyList<ContentReview>> HistoryAsync(string contentItemId, int version, CancellationToken cancellationToken = default) =>
        await db.Set<ContentReview>().AsNoTracking().Where(r => r.ContentItemId == contentItemId && r.Version == version).OrderBy(r => r.Id).ToListAsync(cancellationToken);

    /// <summary>Every review of every version of the item, by version (for the item's history).</summary>
    public async Task<IReadOnlyDictionary<int, IReadOnlyList<ContentReview>>> ByVersionAsync(string contentItemId, CancellationToken cancellationToken = default) =>
        (await db.Set<ContentReview>().AsNoTracking().Where(r => r.ContentItemId == contentItemId).OrderBy(r => r.Id).ToListAsync(cancellationToken))
            .GroupBy(r => r.Version).ToDictionary(g => g.Key, g => (IReadOnlyList<ContentReview>)g.ToList());

    /// <summary>Why <paramref name="latest"/> may not be published now, or null: review is off, or the draft is approved as it is.</summary>
    public async Task<string?> CheckPublishAsync(ContentItem latest, CancellationToken cancellationToken = default)
    {
        if (latest.Published || !await RequiredAsync(latest.OrganizationId, cancellationToken))
        {
            return null;
        }

        var current = Current(await HistoryAsync(latest.ContentItemId, latest.Version, cancellationToken), latest);
        return current?.Step switch
        {
            ContentReviewStep.Approved => null,
            ContentReviewStep.Requested => "This draft is waiting for review: it can be published once a colleague approves it.",
            ContentReviewStep.ChangesRequested => "A reviewer asked for changes to this draft: make them, then send it for review again.",
            _ => "Your organization publishes only reviewed drafts: send this draft for review, and publish it once a colleague approves it.",
        };
    }

    /// <summary>
    /// A step posted from the Review panel (step = request, approve or changes) on the item's latest version: the error
    /// to show, or the status to say.
    /// </summary>
    public async Task<(string? Error, string Status)> TakeStepAsync(ContentItem? latest, string? step, string by, string? comment, CancellationToken cancellationToken = default)
    {
        var error = latest is not { Published: false } draft ? "There is no draft to review: save a draft first."
            : step switch
            {
                "request" => await RequestAsync(draft, by, comment, cancellationToken),
                "approve" => await DecideAsync(draft, approve: true, by, comment, cancellationToken),
                "changes" => await DecideAsync(draft, approve: false, by, comment, cancellationToken),
                _ => "Choose to send the draft for review, approve it, or ask for changes.",
            };
        return (error, step switch
        {
            "request" => "The draft was sent for review: your colleagues were told.",
            "approve" => "You approved the draft: it can be published or scheduled now.",
            _ => "You asked for changes: the author was told.",
        });
    }

    /// <summary>Sends the draft for review; tells the organization's other editors. Null when sent, else why not.</summary>
    public async Task<string?> RequestAsync(ContentItem latest, string by, string? comment, CancellationToken cancellationToken = default)
    {
        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (await RefusalAsync(latest, comment, cancellationToken) is { } refused)
        {
            return refused;
        }

        var current = Current(await HistoryAsync(latest.ContentItemId, latest.Version, cancellationToken), latest);
        if (current?.Step is ContentReviewStep.Requested or ContentReviewStep.Approved)
        {
            return current.Step == ContentReviewStep.Requested ? "This draft is already waiting for review." : "This draft is already approved: publish or schedule it.";
        }

        var handler = Handler(latest);
        var (prefix, name) = handler.Describe(latest);
        Add(latest, ContentReviewStep.Requested, by, comment);
        audit.Record($"{prefix}.review-requested", $"{name} version {latest.Version}" + (comment is null ? string.Empty : $": {comment}"), latest.OrganizationId, null, actorUserName: by);
        var reviewers = await EditorsAsync(latest.OrganizationId, handler, cancellationToken);
        Notify(latest, reviewers.Where(r => !Same(r.UserName, by) && !Same(r.UserName, latest.Author)).Select(r => r.Id),
            $"Review requested: {name}", $"{by} asks you to review version {latest.Version}" + (comment is null ? "." : $": {comment}"), handler.EditLink(latest));
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>
    /// Approves the draft (<paramref name="approve"/>) or asks for changes (a comment is needed); neither by the draft's
    /// author nor by who sent it. Tells them. Null when done, else why not.
    /// </summary>
    public async Task<string?> DecideAsync(ContentItem latest, bool approve, string by, string? comment, CancellationToken cancellationToken = default)
    {
        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (await RefusalAsync(latest, comment, cancellationToken) is { } refused)
        {
            return refused;
        }

        var current = Current(await HistoryAsync(latest.ContentItemId, latest.Version, cancellationToken), latest);
        if (current is not { Step: ContentReviewStep.Requested })
        {
            return "This draft is not waiting for review" + (current is null ? ": it was not sent, or it was edited since." : ".");
        }

        if (Same(by, latest.Author) || Same(by, current.By))
        {
            return Same(by, latest.Author)
                ? "You wrote this draft: another colleague has to review it."
                : "You sent this draft for review: another colleague has to review it.";
        }

        if (!approve && comment is null)
        {
            return "Say which changes you ask for.";
        }

        var handler = Handler(latest);
        var (prefix, name) = handler.Describe(latest);
        Add(latest, approve ? ContentReviewStep.Approved : ContentReviewStep.ChangesRequested, by, comment);
        audit.Record($"{prefix}.{(approve ? "review-approved" : "review-changes-requested")}", $"{name} version {latest.Version}" + (comment is null ? string.Empty : $": {comment}"), latest.OrganizationId, null, actorUserName: by);
        var involved = (await EditorsAsync(latest.OrganizationId, handler, cancellationToken)).Where(e => Same(e.UserName, current.By) || Same(e.UserName, latest.Author)).Select(e => e.Id);
        Notify(latest, involved, approve ? $"Approved: {name}" : $"Changes requested: {name}",
            $"{by} {(approve ? "approved" : "asked for changes to")} version {latest.Version}" + (comment is null ? "." : $": {comment}"), handler.EditLink(latest));
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>The step that counts for the draft as it is: the last one, unless the draft was edited after it.</summary>
    private static ContentReview? Current(IReadOnlyList<ContentReview> history, ContentItem latest) =>
        latest.Published || history.Count == 0 ? null : history[^1] is var last && last.Revision == latest.Revision ? last : null;

    private async Task<string?> RefusalAsync(ContentItem latest, string? comment, CancellationToken cancellationToken)
    {
        if (comment is not null && (comment.Length > MaxComment || comment.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t')))
        {
            return $"A comment is plain text of at most {MaxComment} characters.";
        }

        if (latest.Published)
        {
            return "There is no draft to review: save a draft first.";
        }

        return await RequiredAsync(latest.OrganizationId, cancellationToken) ? null : "Review before publishing is off for your organization.";
    }

    private void Add(ContentItem latest, ContentReviewStep step, string by, string? comment) => db.Add(new ContentReview
    {
        ContentItemId = latest.ContentItemId,
        ContentType = latest.ContentType,
        OrganizationId = latest.OrganizationId,
        Version = latest.Version,
        Revision = latest.Revision,
        Step = step,
        By = by,
        Comment = comment,
        AtUtc = clock.GetUtcNow().UtcDateTime,
    });

    private async Task<List<(string Id, string? UserName)>> EditorsAsync(string organizationId, IScheduledContentHandler handler, CancellationToken cancellationToken)
    {
        var roles = handler.EditorRoles.ToList();
        var people = await db.Users.AsNoTracking()
            .Where(u => u.OrganizationId == organizationId && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && roles.Contains(r.Name!))))
            .Select(u => new { u.Id, u.UserName }).ToListAsync(cancellationToken);
        return people.Select(p => (p.Id, p.UserName)).ToList();
    }

    private void Notify(ContentItem item, IEnumerable<string> userIds, string title, string body, string link)
    {
        var ids = userIds.Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return;
        }

        foreach (var notifier in notifiers)
        {
            notifier.Add(item.OrganizationId, ids, title, body, link, "content-review");
        }
    }

    private IScheduledContentHandler Handler(ContentItem item) =>
        handlers.FirstOrDefault(h => h.ContentType == item.ContentType) ?? throw new InvalidOperationException($"Content type '{item.ContentType}' cannot be reviewed.");

    private static bool Same(string? a, string? b) => a is not null && b is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Roles of an organization that edit content by default (marketing staff and global administrators).</summary>
public static class ContentEditorRoles
{
    public static readonly IReadOnlyList<string> Partner = [OrganizationRoles.PartnerMarketing, OrganizationRoles.PartnerGlobalAdministrator];
}
