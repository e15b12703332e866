using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using PartnerCms.Core.Content;
using PartnerCms.Core.Security;
using PartnerCms.Partners.Services;
using PartnerCms.Partners.ViewModels;

namespace PartnerCms.Partners.Controllers;

/// <summary>R1: the company information — every partner user views it, only global administrators edit it.</summary>
[Route("partner/company")]
public sealed class CompanyController(CompanyInformationService companyInformation, IAuthorizationService authorization, ContentReviews reviews) : Controller
{
    [HttpGet("")]
    [RequirePermission(PartnersPermissionNames.ViewCompanyInformation)]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var profile = await companyInformation.GetAsync(cancellationToken);
        if (profile is null)
        {
            return NotFound();
        }

        return View(new CompanyInformationViewModel
        {
            Profile = profile,
            CanEdit = await authorization.HasPermissionAsync(User, Permissions.EditCompanyInformation),
        });
    }

    [HttpGet("edit")]
    [RequirePermission(PartnersPermissionNames.EditCompanyInformation)]
    public async Task<IActionResult> Edit(CancellationToken cancellationToken)
    {
        var profile = await companyInformation.GetAsync(cancellationToken);
        if (profile is null)
        {
            return NotFound();
        }

        var info = profile.Information;
        return View(new CompanyInformationForm
        {
            PartnerId = profile.Organization.PartnerId,
            Version = info?.Version ?? 0,
            Input = new CompanyInformationInput
            {
                CompanyName = profile.Organization.Name,
                Phone = info?.Phone ?? string.Empty,
                Email = info?.Email ?? string.Empty,
                WebSite = info?.WebSite,
                Address = info?.Address ?? new(),
                Description = info?.Description,
            },
        });
    }

    [HttpPost("edit")]
    [RequirePermission(PartnersPermissionNames.EditCompanyInformation)]
    public async Task<IActionResult> Edit(CompanyInformationForm form, CancellationToken cancellationToken)
    {
        var profile = await companyInformation.GetAsync(cancellationToken);
        if (profile is null)
        {
            return NotFound();
        }

        form.PartnerId = profile.Organization.PartnerId;
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(form);
        }

        if (!await companyInformation.SaveAsync(form.Input, form.Version, User.Identity?.Name ?? "unknown", cancellationToken))
        {
            ModelState.AddModelError(string.Empty,
                "Someone else saved the company information while you were editing. Your changes were not saved: open the page again to see theirs, then make your changes.");
            Response.StatusCode = StatusCodes.Status409Conflict;
            return View(form);
        }

        TempData["Status"] = "The company information has been saved.";
        return RedirectToAction(nameof(Index));
    }

    /// <summary>The global administrator turns review before publishing (templates, branding) on or off.</summary>
    [HttpPost("review")]
    [RequirePermission(PartnersPermissionNames.EditCompanyInformation)]
    public async Task<IActionResult> Review(bool require, CancellationToken cancellationToken)
    {
        var profile = await companyInformation.GetAsync(cancellationToken);
        if (profile is null)
        {
            return NotFound();
        }

        await reviews.SetRequiredAsync(profile.Organization.Id, require, User.Identity?.Name ?? "unknown", cancellationToken);
        TempData["Status"] = require
            ? "Review before publishing is on: drafts are published only after a colleague approves them."
            : "Review before publishing is off.";
        return RedirectToAction(nameof(Index));
    }
}
