using Microsoft.AspNetCore.Mvc;
using PartnerCms.Core.Events;
using PartnerCms.Core.Security;

namespace PartnerCms.Admin.Controllers;

/// <summary>The operator's view of the event outbox: how many events wait, and the parked ones with their errors, to send again.</summary>
[Route("admin/events")]
[RequirePermission(AdminPermissionNames.ManageEvents)]
public sealed class EventsController(OutboxAdministration outbox) : Controller
{
    public sealed record EventsPage(IReadOnlyDictionary<OutboxStatus, int> Counts, IReadOnlyList<OutboxMessage> Parked);

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(new EventsPage(await outbox.CountsAsync(cancellationToken), await outbox.ParkedAsync(200, cancellationToken)));

    [HttpPost("{id:long}/retry")]
    public async Task<IActionResult> Retry(long id, CancellationToken cancellationToken)
    {
        if (await outbox.RetryAsync(id, cancellationToken))
        {
            TempData["Status"] = $"Event {id} will be delivered again; handlers that already ran it are skipped.";
        }
        else
        {
            TempData["Error"] = $"Event {id} is not parked (it may have been sent again already).";
        }

        return RedirectToAction(nameof(Index));
    }
}
