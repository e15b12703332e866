using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerCms.Core.Caching;
using PartnerCms.Core.Data;
using PartnerCms.Core.Navigation;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Security;

namespace PartnerCms.Notifications.Services;

/// <summary>A message for one user of an organization, shown in the portal until read.</summary>
public sealed class Notification : IOrganizationScoped
{
    public long Id { get; set; }

    public string OrganizationId { get; set; } = string.Empty;

    public string UserId { get; set; } = string.Empty;

    public string Title { get; set; } = string.Empty;

    public string? Body { get; set; }

    /// <summary>A path in the portal (never another site).</summary>
    public string? Link { get; set; }

    public string Source { get; set; } = string.Empty;

    public DateTime CreatedUtc { get; set; }

    public DateTime? ReadUtc { get; set; }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.ToTable("Notifications");
        builder.Property(n => n.OrganizationId).HasMaxLength(64);
        builder.Property(n => n.UserId).HasMaxLength(64);
        builder.Property(n => n.Title).HasMaxLength(300);
        builder.Property(n => n.Body).HasMaxLength(4000);
        builder.Property(n => n.Link).HasMaxLength(500);
        builder.Property(n => n.Source).HasMaxLength(200);
        builder.HasIndex(n => new { n.UserId, n.ReadUtc, n.CreatedUtc });
    }
}

/// <summary>
/// Each user's unread count for the top bar, kept per node for a minute at most and forgotten on every node when one of
/// the user's notifications is added or read (a save of a <see cref="Notification"/>, or "mark all read").
/// </summary>
public sealed class UnreadNotificationCounts(ClusterInvalidation invalidation, TimeProvider clock)
    : ClusterCachedValues<int>(invalidation, clock, Topic, TimeSpan.FromMinutes(1))
{
    public const string Topic = "notifications-unread";

    public static readonly InvalidateOnSave Rule = new(typeof(Notification), Topic, entity => ((Notification)entity).UserId);
}

/// <summary>Notifications of the signed-in user: each user reads and marks only their own.</summary>
public sealed class NotificationService(PartnerCmsDbContext db, TimeProvider clock, UnreadNotificationCounts unread, ClusterInvalidation invalidation) : PartnerCms.Core.Notifications.IUserNotifications
{
    public const int PageSize = 50;

    /// <summary>A path in this portal, or null: "/…" but not "//…" (another site) and no backslash.</summary>
    public static string? LocalLink(string? link) =>
        link is { Length: > 1 and <= 500 } l && l[0] == '/' && l[1] != '/' && !l.Contains('\\') && !l.Any(char.IsControl) ? l : null;

    /// <summary>Adds a notification for each user (in the caller's unit of work).</summary>
    public void Add(string organizationId, IEnumerable<string> userIds, string title, string? body, string? link, string source)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var userId in userIds.Distinct(StringComparer.Ordinal))
        {
            db.Add(new Notification
            {
                OrganizationId = organizationId,
                UserId = userId,
                Title = Cut(title, 300),
                Body = body is null ? null : Cut(body, 4000),
                Link = LocalLink(link),
                Source = Cut(source, 200),
                CreatedUtc = now,
            });
        }
    }

    public Task<bool> SentSinceAsync(string organizationId, string source, DateTime sinceUtc, CancellationToken cancellationToken = default) =>
        db.Set<Notification>().AcrossOrganizations("whether an organization was told of this already").AnyAsync(n => n.OrganizationId == organizationId && n.Source == source && n.CreatedUtc > sinceUtc, cancellationToken);

    public Task<int> UnreadCountAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var id = user.GetUserId();
        return id is null ? Task.FromResult(0) : unread.GetOrReadAsync(id, () => db.Set<Notification>().CountAsync(n => n.UserId == id && n.ReadUtc == null, cancellationToken));
    }

    public async Task<(List<Notification> Items, int Total)> ListAsync(ClaimsPrincipal user, int page, CancellationToken cancellationToken = default)
    {
        var id = user.GetUserId() ?? string.Empty;
        var mine = db.Set<Notification>().AsNoTracking().Where(n => n.UserId == id);
        return (await mine.OrderByDescending(n => n.Id).Skip((Math.Max(1, page) - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken), await mine.CountAsync(cancellationToken));
    }

    /// <summary>Marks one of the user's notifications read and returns it (null when it is not theirs).</summary>
    public async Task<Notification?> ReadAsync(ClaimsPrincipal user, long id, CancellationToken cancellationToken = default)
    {
        var userId = user.GetUserId();
        var notification = await db.Set<Notification>().FirstOrDefaultAsync(n => n.Id == id && n.UserId == userId, cancellationToken);
        if (notification is { ReadUtc: null })
        {
            notification.ReadUtc = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
        }

        return notification;
    }

    public async Task<int> ReadAllAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var userId = user.GetUserId();
        var now = clock.GetUtcNow().UtcDateTime;
        var read = await db.Set<Notification>().Where(n => n.UserId == userId && n.ReadUtc == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadUtc, now), cancellationToken);
        // A bulk update passes no save interceptor: forget the count here (and on every node).
        if (userId is not null)
        {
            invalidation.Publish(UnreadNotificationCounts.Topic, userId);
        }

        return read;
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];
}

/// <summary>The top bar's "Notifications (n)" for signed-in users.</summary>
public sealed class NotificationTopbarItem(NotificationService notifications) : ITopbarItemProvider
{
    public async Task<TopbarItem?> GetAsync(ClaimsPrincipal user, CancellationToken cancellationToken) =>
        user.Identity?.IsAuthenticated == true ? new TopbarItem("Notifications", "/notifications", await notifications.UnreadCountAsync(user, cancellationToken), "notifications") : null;
}
