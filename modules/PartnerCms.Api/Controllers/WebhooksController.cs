using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using PartnerCms.Api.Abstractions;
using PartnerCms.Api.Models;
using PartnerCms.Api.Services;
using PartnerCms.Core.Security;
using PartnerCms.Landing;

namespace PartnerCms.Api.Controllers;

public sealed class WebhookForm
{
    public string? Url { get; set; }

    public List<string>? EventTypes { get; set; }

    public string? Description { get; set; }
}

public sealed record WebhooksPage(IReadOnlyList<WebhookEndpoint> Endpoints, WebhookForm Form, IReadOnlyDictionary<string, string> Errors, (string Id, string Secret)? Created = null);

public sealed record WebhookPage(WebhookEndpoint Endpoint, IReadOnlyList<WebhookDelivery> Deliveries);

/// <summary>
/// Account portal → Webhooks: the organization's global administrator adds endpoints (URL, events; the signing secret is
/// shown once), reads each one's delivery log, sends an event again or a test event, switches endpoints off and on, and
/// deletes them. Another organization's endpoint is 404.
/// </summary>
[SpeaksVisitorLanguage]
[Route("portal/webhooks")]
[RequirePermission(ApiPermissionNames.ManageWebhooks)]
public sealed class WebhooksController(WebhookService webhooks) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(new WebhooksPage(await webhooks.ListAsync(User.GetOrganizationId()!, cancellationToken), new WebhookForm(), new Dictionary<string, string>(StringComparer.Ordinal)));

    [HttpPost("")]
    public async Task<IActionResult> Create(WebhookForm form, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var organizationId = User.GetOrganizationId()!;
        var created = await webhooks.CreateAsync(organizationId, form.Url, form.EventTypes, form.Description, User.Identity?.Name ?? "unknown", cancellationToken);
        if (!created.Succeeded)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(Index), new WebhooksPage(await webhooks.ListAsync(organizationId, cancellationToken), form, created.Errors));
        }

        Response.Headers.CacheControl = "no-store";
        return View(nameof(Index), new WebhooksPage(await webhooks.ListAsync(organizationId, cancellationToken), new WebhookForm(), new Dictionary<string, string>(StringComparer.Ordinal),
            (created.Endpoint!.Id, created.Secret!)));
    }

    [HttpGet("{id}")]
    public async Task<IActionResult> Show(string id, CancellationToken cancellationToken)
    {
        var organizationId = User.GetOrganizationId()!;
        return await webhooks.GetAsync(organizationId, id, cancellationToken) is { } endpoint
            ? View(new WebhookPage(endpoint, await webhooks.DeliveriesAsync(organizationId, id, 50, cancellationToken)))
            : NotFound();
    }

    [HttpPost("{id}/test")]
    public async Task<IActionResult> Test(string id, CancellationToken cancellationToken)
    {
        if (!await webhooks.SendTestAsync(User.GetOrganizationId()!, id, cancellationToken))
        {
            return NotFound();
        }

        TempData["Status"] = $"A {WebhookEventTypes.Test} event is on its way; it appears in the log below.";
        return RedirectToAction(nameof(Show), new { id });
    }

    [HttpPost("{id}/deliveries/{deliveryId:long}/resend")]
    public async Task<IActionResult> Resend(string id, long deliveryId, CancellationToken cancellationToken)
    {
        if (!await webhooks.ResendAsync(User.GetOrganizationId()!, id, deliveryId, cancellationToken))
        {
            return NotFound();
        }

        TempData["Status"] = "The event is being sent again.";
        return RedirectToAction(nameof(Show), new { id });
    }

    [HttpPost("{id}/enabled")]
    public async Task<IActionResult> Enabled(string id, bool enabled, CancellationToken cancellationToken)
    {
        if (!await webhooks.SetEnabledAsync(User.GetOrganizationId()!, id, enabled, User.Identity?.Name ?? "unknown", cancellationToken))
        {
            return NotFound();
        }

        TempData["Status"] = enabled ? "The endpoint is on: new events are sent to it." : "The endpoint is off: no events are sent to it.";
        return RedirectToAction(nameof(Show), new { id });
    }

    [HttpPost("{id}/delete")]
    public async Task<IActionResult> Delete(string id, CancellationToken cancellationToken)
    {
        if (!await webhooks.DeleteAsync(User.GetOrganizationId()!, id, User.Identity?.Name ?? "unknown", cancellationToken))
        {
            return NotFound();
        }

        TempData["Status"] = "The endpoint was deleted with its delivery log.";
        return RedirectToAction(nameof(Index));
    }
}
