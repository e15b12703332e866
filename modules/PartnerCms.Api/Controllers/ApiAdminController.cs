using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerCms.Api.Models;
using PartnerCms.Api.Services;
using PartnerCms.Core.Data;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Security;

namespace PartnerCms.Api.Controllers;

public sealed record ApiAdminRow(ApiClient Client, string OrganizationName, long Requests, long ClientErrors, long ServerErrors);

public sealed record ApiAdminPage(bool On, bool ConfiguredOn, IReadOnlyList<ApiAdminRow> Rows, int Endpoints, int PendingDeliveries, int FailedDeliveries, DateTime NowUtc);

/// <summary>
/// Administration → API (the platform operator): every organization's clients with their tokens issued and the last
/// 24 hours' requests, 4xx and 5xx answers; webhook queue figures; and the switch that turns the API off.
/// </summary>
[Route("admin/api")]
[RequirePermission(ApiPermissionNames.Operate)]
public sealed class ApiAdminController(PartnerCmsDbContext db, ApiSwitch apiSwitch, IOptionsMonitor<ApiOptions> options, OrganizationDirectory organizations, TimeProvider clock) : Controller
{
    private const string Reason = "the platform operator oversees every organization's API use";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now.AddHours(-24);
        var clients = await db.Set<ApiClient>().AcrossOrganizations(Reason).AsNoTracking().OrderBy(c => c.OrganizationId).ThenBy(c => c.Name).Take(1000).ToListAsync(cancellationToken);
        var usage = await db.Set<ApiUsageHour>().AcrossOrganizations(Reason).AsNoTracking().Where(u => u.HourUtc >= since)
            .GroupBy(u => u.ClientId).Select(g => new { ClientId = g.Key, Requests = g.Sum(u => u.Requests), ClientErrors = g.Sum(u => u.ClientErrors), ServerErrors = g.Sum(u => u.ServerErrors) })
            .ToDictionaryAsync(u => u.ClientId, StringComparer.Ordinal, cancellationToken);
        var names = await organizations.NamesAsync(clients.Select(c => c.OrganizationId), cancellationToken);
        var deliveries = db.Set<WebhookDelivery>().AcrossOrganizations(Reason).AsNoTracking();
        var rows = clients.Select(c => new ApiAdminRow(c, names.GetValueOrDefault(c.OrganizationId, c.OrganizationId),
            usage.GetValueOrDefault(c.Id)?.Requests ?? 0, usage.GetValueOrDefault(c.Id)?.ClientErrors ?? 0, usage.GetValueOrDefault(c.Id)?.ServerErrors ?? 0)).ToList();
        return View(new ApiAdminPage(
            await apiSwitch.IsOnAsync(cancellationToken), options.CurrentValue.Enabled, rows,
            await db.Set<WebhookEndpoint>().AcrossOrganizations(Reason).CountAsync(cancellationToken),
            await deliveries.CountAsync(d => d.Status == WebhookDeliveryStatus.Pending, cancellationToken),
            await deliveries.CountAsync(d => d.Status == WebhookDeliveryStatus.Failed && d.CreatedUtc >= since, cancellationToken),
            now));
    }

    [HttpPost("switch")]
    public async Task<IActionResult> Switch(bool on, CancellationToken cancellationToken)
    {
        await apiSwitch.SetAsync(on, User.Identity?.Name ?? "operator", cancellationToken);
        TempData["Status"] = on ? "The API is on (every node within 5 seconds)." : "The API is off: requests and token requests get 503 (every node within 5 seconds).";
        return RedirectToAction(nameof(Index));
    }
}
