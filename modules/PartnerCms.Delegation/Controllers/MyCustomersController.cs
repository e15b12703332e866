using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using PartnerCms.Core.Export;
using PartnerCms.Core.Security;
using PartnerCms.Delegation.Models;
using PartnerCms.Delegation.Services;

namespace PartnerCms.Delegation.Controllers;

public sealed record MyCustomersViewModel(MyCustomersPage Page, MyCustomersQuery Query, bool CanManage, bool CanAssign, bool CanRenew);

public sealed record TeamAssignmentPage(
    string CustomerId, string CustomerName, IReadOnlyList<string> Approved, IReadOnlyList<TeamSummary> Teams, ILookup<string, string> Assigned, string? Error = null);

public sealed record RenewResult(string CustomerId, string? QuoteId, string? Error);

/// <summary>
/// My customers: every customer with a delegated relationship (offered, active, expiring, ended, declined, lapsed), with
/// filters, a prefix search, tags, sorting, paging and CSV; per customer the teams' roles; Renew and Renew selected.
/// </summary>
[Route("partner/customers")]
[RequirePermission(DelegationPermissionNames.ViewCustomers)]
public sealed class MyCustomersController(
    MyCustomers customers, TeamService teams, DelegatedRelationshipService relationships, IAuthorizationService authorization, IServiceProvider services) : Controller
{
    [HttpGet("", Name = DelegationRoutes.MyCustomers)]
    public async Task<IActionResult> Index([FromQuery] MyCustomersQuery query, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var page = await customers.ListAsync(User.GetOrganizationId()!, query, cancellationToken: cancellationToken);
        var canManage = await authorization.HasPermissionAsync(User, Permissions.ManageCustomers);
        return View(new MyCustomersViewModel(page, query, canManage, await authorization.HasPermissionAsync(User, Permissions.ManageTeams),
            canManage && services.GetService(typeof(IRelationshipRenewals)) is not null));
    }

    [HttpGet("/partner/customers.csv")]
    public async Task<IActionResult> Csv([FromQuery] MyCustomersQuery query, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var page = await customers.ListAsync(User.GetOrganizationId()!, query, pageSize: null, cancellationToken);
        var csv = CsvExport.Write(
            ["Customer", "Primary domain", "Status", "Approved roles", "Teams", "Ends (UTC)", "Auto-extend", "Tags"],
            page.Rows.Select(r => new[]
            {
                r.Name, r.PrimaryDomain ?? string.Empty, r.Status.ToString(), r.Roles.Count == 0 && r.AskedRoles.Count > 0 ? "Asked: " + DelegatedRoles.Describe(r.AskedRoles) : DelegatedRoles.Describe(r.Roles), string.Join("; ", r.Teams),
                r.EndsUtc?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty, r.AutoExtend ? "yes" : "no", string.Join("; ", r.Tags),
            }));
        return File(csv, "text/csv; charset=utf-8", "my-customers.csv");
    }

    [HttpGet("{customerId}/teams")]
    [RequirePermission(DelegationPermissionNames.ManageTeams)]
    public async Task<IActionResult> Teams(string customerId, CancellationToken cancellationToken) =>
        await AssignmentPageAsync(customerId, null, cancellationToken) is { } page ? View(page) : NotFound();

    [HttpPost("{customerId}/teams")]
    [RequirePermission(DelegationPermissionNames.ManageTeams)]
    public async Task<IActionResult> Teams(string customerId, [FromForm] Dictionary<string, List<string>>? roles, CancellationToken cancellationToken)
    {
        var page = await AssignmentPageAsync(customerId, null, cancellationToken);
        if (page is null)
        {
            return NotFound();
        }

        var wanted = page.Teams.ToDictionary(t => t.Id, t => (IReadOnlyList<string>)(roles?.GetValueOrDefault(t.Id) ?? []), StringComparer.Ordinal);
        var result = await teams.AssignAsync(User.GetOrganizationId()!, customerId, page.Approved, wanted, cancellationToken: cancellationToken);
        if (!result.Succeeded)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(page with { Error = result.Error });
        }

        TempData["Status"] = $"The teams' roles in {page.CustomerName} were saved. They hold at once for every member, open sessions included.";
        return RedirectToRoute(DelegationRoutes.MyCustomers);
    }

    [HttpPost("{customerId}/tags")]
    [RequirePermission(DelegationPermissionNames.ManageCustomers)]
    public async Task<IActionResult> Tags(string customerId, string? tags, CancellationToken cancellationToken)
    {
        if (await customers.SetTagsAsync(User.GetOrganizationId()!, customerId, tags, cancellationToken) is { } error)
        {
            return error.StartsWith("There is no", StringComparison.Ordinal) ? NotFound() : Problem(statusCode: StatusCodes.Status400BadRequest, title: error);
        }

        TempData["Status"] = "The tags were saved.";
        return RedirectToRoute(DelegationRoutes.MyCustomers);
    }

    /// <summary>
    /// Renew (one) and Renew selected (many: no cap; the page sends them in batches and shows progress). Each customer
    /// gets a new request with the same roles. Answers JSON to the page's script, otherwise returns to the list.
    /// </summary>
    [HttpPost("renew")]
    [RequirePermission(DelegationPermissionNames.ManageCustomers)]
    public async Task<IActionResult> Renew([FromForm] List<string>? customerIds, CancellationToken cancellationToken)
    {
        if (services.GetService(typeof(IRelationshipRenewals)) is not IRelationshipRenewals renewals)
        {
            return NotFound();
        }

        var ids = (customerIds ?? []).Where(id => !string.IsNullOrWhiteSpace(id) && id.Length <= 64).Select(id => id.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return Problem(statusCode: StatusCodes.Status400BadRequest, title: "Choose the customers to renew.");
        }

        var results = new List<RenewResult>();
        foreach (var id in ids)
        {
            var (quoteId, error) = await renewals.RenewAsync(User.GetOrganizationId()!, id, User.Identity!.Name!, cancellationToken);
            results.Add(new RenewResult(id, quoteId, error));
        }

        if (Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Json(results);
        }

        var renewed = results.Count(r => r.QuoteId is not null);
        var failed = results.Where(r => r.Error is not null).ToList();
        TempData["Status"] = $"Renewal requests sent to {renewed} customer{(renewed == 1 ? string.Empty : "s")}."
            + (failed.Count > 0 ? $" {failed.Count} could not be renewed: {failed[0].Error}" : string.Empty);
        return RedirectToRoute(DelegationRoutes.MyCustomers);
    }

    private async Task<TeamAssignmentPage?> AssignmentPageAsync(string customerId, string? error, CancellationToken cancellationToken)
    {
        var partnerId = User.GetOrganizationId()!;
        var part = await relationships.GetAsync(partnerId, customerId, cancellationToken);
        if (part is null || part.Status != RelationshipStatus.Active)
        {
            return null;
        }

        var name = await customers.NameAsync(partnerId, customerId, cancellationToken) ?? customerId;
        return new TeamAssignmentPage(customerId, name, [.. part.Approved], await teams.ListAsync(partnerId, cancellationToken),
            await teams.AssignmentsAsync(partnerId, customerId, cancellationToken), error);
    }
}
