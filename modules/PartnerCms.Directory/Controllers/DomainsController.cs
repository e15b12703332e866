using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using PartnerCms.Core.Security;
using PartnerCms.Directory.Services;
using PartnerCms.Directory.ViewModels;
using PartnerCms.Landing;

namespace PartnerCms.Directory.Controllers;

/// <summary>The account portal's Domain area: add, make primary, remove (never the last one).</summary>
[SpeaksVisitorLanguage]
[Route("portal/domains")]
[RequirePermission(DirectoryPermissionNames.ManageDomains)]
public sealed class DomainsController(AccountPortalContext portal, DomainService domains) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        await portal.GetOrganizationAsync(cancellationToken) is { } organization
            ? View(new DomainListViewModel { Domains = await domains.ListAsync(organization.Id, cancellationToken) })
            : NotFound();

    [HttpPost("")]
    public async Task<IActionResult> Add(string? newDomain, CancellationToken cancellationToken)
    {
        var organization = await portal.GetOrganizationAsync(cancellationToken);
        if (organization is null)
        {
            return NotFound();
        }

        var error = await domains.AddAsync(organization.Id, newDomain ?? string.Empty, cancellationToken);
        if (error is not null)
        {
            ModelState.AddModelError("NewDomain", error);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Index", new DomainListViewModel { Domains = await domains.ListAsync(organization.Id, cancellationToken), NewDomain = newDomain });
        }

        TempData["Status"] = $"{newDomain!.Trim().ToLowerInvariant()} has been added.";
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("{id:int}/primary")]
    public Task<IActionResult> MakePrimary(int id, CancellationToken cancellationToken) =>
        ChangeAsync(id, (organizationId, domainId) => domains.MakePrimaryAsync(organizationId, domainId, cancellationToken), "is now your primary domain", cancellationToken);

    [HttpPost("{id:int}/remove")]
    public Task<IActionResult> Remove(int id, CancellationToken cancellationToken) =>
        ChangeAsync(id, (organizationId, domainId) => domains.RemoveAsync(organizationId, domainId, cancellationToken), "has been removed", cancellationToken);

    private async Task<IActionResult> ChangeAsync(int id, Func<string, int, Task<string?>> change, string done, CancellationToken cancellationToken)
    {
        var organization = await portal.GetOrganizationAsync(cancellationToken);
        var domain = organization?.Domains.FirstOrDefault(d => d.Id == id);
        if (domain is null)
        {
            return NotFound();
        }

        var error = await change(organization!.Id, id);
        if (error is not null)
        {
            TempData["Error"] = error;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return View("Index", new DomainListViewModel { Domains = await domains.ListAsync(organization.Id, cancellationToken) });
        }

        TempData["Status"] = $"{domain.Name} {done}.";
        return RedirectToAction(nameof(Index));
    }
}
