using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PartnerCms.Api.Abstractions;
using PartnerCms.Api.Models;
using PartnerCms.Api.Services;
using PartnerCms.Core.Security;
using PartnerCms.Landing;

namespace PartnerCms.Api.Controllers;

public sealed class ApiClientForm
{
    public string? Name { get; set; }

    public List<string>? Scopes { get; set; }

    public int? Days { get; set; } = 365;
}

public sealed record ApiClientsPage(
    IReadOnlyList<ApiClient> Clients, IReadOnlyList<ApiScopeGrant> Scopes, ApiClientForm Form, IReadOnlyDictionary<string, string> Errors, int MaxDays, DateTime NowUtc,
    (string ClientId, string Secret, string What)? Shown = null);

/// <summary>
/// Account portal → API clients: the organization's global administrator registers clients (name, scopes, expiry), sees
/// the secret once, rotates it (the previous one works for a day) and revokes clients. Another organization's client is 404.
/// </summary>
[SpeaksVisitorLanguage]
[Route("portal/api-clients")]
[RequirePermission(ApiPermissionNames.ManageClients)]
public sealed class ApiClientsController(ApiClientService clients, IOptions<ApiOptions> options, TimeProvider clock) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) => View(await PageAsync(new ApiClientForm(), null, null, cancellationToken));

    [HttpPost("")]
    public async Task<IActionResult> Create(ApiClientForm form, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var created = await clients.CreateAsync(User, form.Name, form.Scopes, form.Days, cancellationToken);
        if (!created.Succeeded)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(Index), await PageAsync(form, created.Errors, null, cancellationToken));
        }

        // The secret is shown on this answer only (never stored in clear, never in a redirect or TempData).
        Response.Headers.CacheControl = "no-store";
        return View(nameof(Index), await PageAsync(new ApiClientForm(), null, (created.Client!.Id, created.Secret!, $"Client {created.Client.Name} was registered."), cancellationToken));
    }

    [HttpPost("{clientId}/rotate")]
    public async Task<IActionResult> Rotate(string clientId, CancellationToken cancellationToken)
    {
        if (await clients.RotateAsync(User, clientId, cancellationToken) is not { } secret)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-store";
        var hours = options.Value.PreviousSecretValidFor.TotalHours;
        return View(nameof(Index), await PageAsync(new ApiClientForm(), null,
            (clientId, secret, $"A new secret was made. The previous one keeps working for {hours:0} hours: put the new one in place before then."), cancellationToken));
    }

    [HttpPost("{clientId}/revoke")]
    public async Task<IActionResult> Revoke(string clientId, CancellationToken cancellationToken)
    {
        if (!await clients.RevokeAsync(User, clientId, cancellationToken))
        {
            return NotFound();
        }

        TempData["Status"] = "The client was revoked: its tokens stopped working at once.";
        return RedirectToAction(nameof(Index));
    }

    private async Task<ApiClientsPage> PageAsync(ApiClientForm form, IReadOnlyDictionary<string, string>? errors, (string, string, string)? shown, CancellationToken cancellationToken) =>
        new(await clients.ListAsync(User.GetOrganizationId()!, cancellationToken), await clients.ScopesFor(User), form,
            errors ?? new Dictionary<string, string>(StringComparer.Ordinal), options.Value.MaxClientDays, clock.GetUtcNow().UtcDateTime, shown);
}
