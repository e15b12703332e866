using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using PartnerCms.Core.Security;
using PartnerCms.Partners.Models;
using PartnerCms.Partners.Services;
using PartnerCms.Partners.ViewModels;

namespace PartnerCms.Partners.Controllers;

/// <summary>Partner offices: every partner user sees them; global administrators add, edit, retire and reinstate them.</summary>
[Route("partner/offices")]
public sealed class OfficesController(OfficeService offices, IAuthorizationService authorization) : Controller
{
    [HttpGet("", Name = PartnersRoutes.Offices)]
    [RequirePermission(PartnersPermissionNames.ViewOffices)]
    public async Task<IActionResult> Index(bool retired = false, CancellationToken cancellationToken = default) =>
        View(new OfficeListViewModel
        {
            Offices = await offices.ListAsync(retired, cancellationToken),
            CanManage = await authorization.HasPermissionAsync(User, Permissions.ManageOffices),
            IncludeRetired = retired,
        });

    [HttpGet("new")]
    [RequirePermission(PartnersPermissionNames.ManageOffices)]
    public IActionResult Create() => View("Edit", new OfficeForm());

    [HttpPost("new")]
    [RequirePermission(PartnersPermissionNames.ManageOffices)]
    public async Task<IActionResult> Create(OfficeForm form, CancellationToken cancellationToken)
    {
        form.ContentItemId = null;
        if (!ModelState.IsValid)
        {
            return Invalid(form);
        }

        var (outcome, _) = await offices.CreateAsync(form.Input, User.Identity?.Name, cancellationToken: cancellationToken);
        return Done(outcome, form, $"Office '{form.Input.Name}' has been added.");
    }

    [HttpGet("{id}/edit")]
    [RequirePermission(PartnersPermissionNames.ManageOffices)]
    public async Task<IActionResult> Edit(string id, CancellationToken cancellationToken)
    {
        var item = await offices.GetAsync(id, cancellationToken);
        if (item is null)
        {
            return NotFound();
        }

        var office = item.Get<OfficePart>();
        return View(new OfficeForm
        {
            ContentItemId = item.ContentItemId,
            Version = item.Version,
            Retired = office.Retired,
            Input = new OfficeInput
            {
                Name = office.Name,
                LocationId = office.LocationId,
                Address = office.Address,
                Phone = office.Phone,
            },
        });
    }

    [HttpPost("{id}/edit")]
    [RequirePermission(PartnersPermissionNames.ManageOffices)]
    public async Task<IActionResult> Edit(string id, OfficeForm form, CancellationToken cancellationToken)
    {
        var item = await offices.GetAsync(id, cancellationToken);
        if (item is null)
        {
            return NotFound();
        }

        form.ContentItemId = id;
        form.Retired = item.Get<OfficePart>().Retired;
        if (!ModelState.IsValid)
        {
            return Invalid(form);
        }

        var (outcome, _) = await offices.UpdateAsync(id, form.Input, form.Version, User.Identity?.Name, cancellationToken);
        return Done(outcome, form, $"Office '{form.Input.Name}' has been saved.");
    }

    [HttpPost("{id}/retire")]
    [RequirePermission(PartnersPermissionNames.ManageOffices)]
    public Task<IActionResult> Retire(string id, CancellationToken cancellationToken) => SetRetired(id, true, cancellationToken);

    [HttpPost("{id}/reinstate")]
    [RequirePermission(PartnersPermissionNames.ManageOffices)]
    public Task<IActionResult> Reinstate(string id, CancellationToken cancellationToken) => SetRetired(id, false, cancellationToken);

    private async Task<IActionResult> SetRetired(string id, bool retired, CancellationToken cancellationToken)
    {
        var outcome = await offices.SetRetiredAsync(id, retired, User.Identity?.Name, cancellationToken);
        if (outcome == OfficeSaveOutcome.NotFound)
        {
            return NotFound();
        }

        TempData["Status"] = outcome == OfficeSaveOutcome.Saved
            ? (retired ? "The office has been retired. It stays on record but is no longer offered for new offers." : "The office has been reinstated.")
            : "Someone else changed the office at the same moment. Nothing was changed; try again.";
        return RedirectToAction(nameof(Index), new { retired = retired ? true : (bool?)null });
    }

    private ViewResult Invalid(OfficeForm form)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("Edit", form);
    }

    private IActionResult Done(OfficeSaveOutcome outcome, OfficeForm form, string success)
    {
        switch (outcome)
        {
            case OfficeSaveOutcome.Saved:
                TempData["Status"] = success;
                return RedirectToAction(nameof(Index));
            case OfficeSaveOutcome.NotFound:
                return NotFound();
            case OfficeSaveOutcome.LocationIdTaken:
                ModelState.AddModelError("Input.LocationId", $"Another office already has location ID '{form.Input.LocationId}'.");
                Response.StatusCode = StatusCodes.Status409Conflict;
                return View("Edit", form);
            default:
                ModelState.AddModelError(string.Empty, "Someone else saved this office while you were editing. Your changes were not saved: open it again to see theirs.");
                Response.StatusCode = StatusCodes.Status409Conflict;
                return View("Edit", form);
        }
    }
}
