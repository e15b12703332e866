using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PartnerCms.Catalog.Services;
using PartnerCms.Core.Data;
using PartnerCms.Core.Security;
using PartnerCms.Directory.Models;
using PartnerCms.Directory.Services;
using PartnerCms.Directory.ViewModels;
using PartnerCms.Landing;

namespace PartnerCms.Directory.Controllers;

/// <summary>The account portal's subscriptions, in the seed's two areas: Manage and Purchase.</summary>
[SpeaksVisitorLanguage]
[Route("portal/subscriptions")]
public sealed class SubscriptionsController(AccountPortalContext portal, SubscriptionService subscriptions, CatalogService catalog, PartnerCmsDbContext db) : Controller
{
    [HttpGet("manage", Name = DirectoryRoutes.ManageSubscriptions)]
    [RequirePermission(DirectoryPermissionNames.ManageSubscriptions)]
    public async Task<IActionResult> Manage(CancellationToken cancellationToken)
    {
        var organization = await portal.GetOrganizationAsync(cancellationToken);
        if (organization is null)
        {
            return NotFound();
        }

        return View(await RowsAsync(organization.Id, cancellationToken));
    }

    [HttpPost("{id}/licences")]
    [RequirePermission(DirectoryPermissionNames.ManageSubscriptions)]
    public Task<IActionResult> ChangeLicences(string id, int? licences, int version, CancellationToken cancellationToken) =>
        ChangeAsync(id, organizationId => licences is null
            ? Task.FromResult(SubscriptionResult.Fail("Enter a whole number of licences."))
            : subscriptions.ChangeLicencesAsync(organizationId, id, licences.Value, version, cancellationToken),
            s => $"{s.SkuName} now has {s.LicenceCount:N0} licences.", cancellationToken);

    [HttpPost("{id}/cancel")]
    [RequirePermission(DirectoryPermissionNames.ManageSubscriptions)]
    public Task<IActionResult> Cancel(string id, int version, CancellationToken cancellationToken) =>
        ChangeAsync(id, organizationId => subscriptions.CancelAsync(organizationId, id, version, cancellationToken),
            s => $"{s.SkuName} has been cancelled.", cancellationToken);

    [HttpGet("purchase")]
    [RequirePermission(DirectoryPermissionNames.PurchaseSubscriptions)]
    public async Task<IActionResult> Purchase(CancellationToken cancellationToken)
    {
        var model = await PurchaseModelAsync(cancellationToken);
        return model is null ? NotFound() : View(model);
    }

    [HttpPost("purchase")]
    [RequirePermission(DirectoryPermissionNames.PurchaseSubscriptions)]
    public async Task<IActionResult> Purchase(string? sku, int? licences, CancellationToken cancellationToken)
    {
        var organization = await portal.GetOrganizationAsync(cancellationToken);
        if (organization is null)
        {
            return NotFound();
        }

        var result = licences is null
            ? SubscriptionResult.Fail("Enter a whole number of licences.")
            : await subscriptions.PurchaseAsync(organization, sku ?? string.Empty, licences.Value, cancellationToken: cancellationToken);
        if (!result.Succeeded)
        {
            TempData["Error"] = result.Error;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(await PurchaseModelAsync(cancellationToken));
        }

        TempData["Status"] = $"You bought {result.Subscription!.LicenceCount:N0} licences of {result.Subscription.SkuName}.";
        return RedirectToAction(nameof(Manage));
    }

    private async Task<IActionResult> ChangeAsync(string id, Func<string, Task<SubscriptionResult>> change, Func<Subscription, string> done, CancellationToken cancellationToken)
    {
        var organization = await portal.GetOrganizationAsync(cancellationToken);
        if (organization is null || await subscriptions.FindAsync(organization.Id, id, cancellationToken) is null)
        {
            return NotFound();
        }

        var result = await change(organization.Id);
        if (!result.Succeeded)
        {
            TempData["Error"] = result.Error;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Manage", await RowsAsync(organization.Id, cancellationToken));
        }

        TempData["Status"] = done(result.Subscription!);
        return RedirectToAction(nameof(Manage));
    }

    private async Task<IReadOnlyList<SubscriptionRow>> RowsAsync(string organizationId, CancellationToken cancellationToken)
    {
        var list = await subscriptions.ListAsync(organizationId, cancellationToken);
        var advisorIds = list.Select(s => s.AdvisorOrganizationId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var names = await db.Organizations.AcrossOrganizations("the names of the partners advising this organization's subscriptions").AsNoTracking().Where(o => advisorIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, StringComparer.Ordinal, cancellationToken);
        return list.Select(s => new SubscriptionRow(s, s.AdvisorOrganizationId is null ? null : names.GetValueOrDefault(s.AdvisorOrganizationId))).ToList();
    }

    private async Task<PurchaseViewModel?> PurchaseModelAsync(CancellationToken cancellationToken)
    {
        var organization = await portal.GetOrganizationAsync(cancellationToken);
        if (organization is null)
        {
            return null;
        }

        var owned = (await subscriptions.ListAsync(organization.Id, cancellationToken)).Where(s => s.Status == SubscriptionStatus.Active).Select(s => s.SkuCode).ToHashSet(StringComparer.Ordinal);
        return new PurchaseViewModel
        {
            Organization = organization,
            Skus = await catalog.AvailableInAsync(organization.CountryOrRegion, trials: false, cancellationToken),
            Owned = owned,
        };
    }
}
