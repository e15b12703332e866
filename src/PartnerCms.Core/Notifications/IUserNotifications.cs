namespace PartnerCms.Core.Notifications;

/// <summary>
/// Puts a notice in front of users of an organization (the notifications module shows it in the portal until read); added
/// to the caller's unit of work. Without that module, nothing is shown.
/// </summary>
public interface IUserNotifications
{
    void Add(string organizationId, IEnumerable<string> userIds, string title, string? body, string? link, string source);

    /// <summary>Whether the organization was sent a notice from this source since then (to tell people once, not at every repeat).</summary>
    Task<bool> SentSinceAsync(string organizationId, string source, DateTime sinceUtc, CancellationToken cancellationToken = default);
}
