using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PartnerCms.Landing;
using PartnerCms.Notifications.Services;

namespace PartnerCms.Notifications.Controllers;

public sealed record NotificationsPage(IReadOnlyList<Notification> Items, int Total, int Page);

/// <summary>The signed-in user's notifications: newest first; opening one marks it read and follows its link.</summary>
[SpeaksVisitorLanguage]
[Authorize]
[Route("notifications")]
public sealed class NotificationsController(NotificationService notifications) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] string? page, CancellationToken cancellationToken)
    {
        var number = int.TryParse(page, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is > 0 and < 100_000 ? n : 1;
        var (items, total) = await notifications.ListAsync(User, number, cancellationToken);
        return View(new NotificationsPage(items, total, number));
    }

    [HttpPost("{id:long}/open")]
    public async Task<IActionResult> Open(long id, CancellationToken cancellationToken) =>
        await notifications.ReadAsync(User, id, cancellationToken) is { } notification
            ? Redirect(NotificationService.LocalLink(notification.Link) ?? "/notifications")
            : NotFound();

    [HttpPost("read-all")]
    public async Task<IActionResult> ReadAll(CancellationToken cancellationToken)
    {
        var count = await notifications.ReadAllAsync(User, cancellationToken);
        TempData["Status"] = count == 0 ? "Nothing was unread." : $"{count} notifications marked as read.";
        return RedirectToAction(nameof(Index));
    }
}
