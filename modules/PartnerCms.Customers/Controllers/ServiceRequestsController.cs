using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PartnerCms.Core.Security;
using PartnerCms.Customers.Models;
using PartnerCms.Customers.Services;
using PartnerCms.Landing;

namespace PartnerCms.Customers.Controllers;

/// <summary>R23 for the partner: the service requests it opened, and their status.</summary>
[Route("partner/service-requests")]
[RequirePermission(CustomersPermissionNames.ViewPartnerServiceRequests)]
public sealed class ServiceRequestsController(ServiceRequestService serviceRequests, IAuthorizationService authorization) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(await serviceRequests.ForPartnerAsync(User.GetOrganizationId()!, cancellationToken));

    [HttpGet("{id:long}")]
    public async Task<IActionResult> Details(long id, CancellationToken cancellationToken)
    {
        var request = await serviceRequests.FindAsync(id, User.GetOrganizationId()!, cancellationToken);
        if (request is null || request.Request.PartnerOrganizationId != User.GetOrganizationId())
        {
            return NotFound();
        }

        ViewData["CanUpdate"] = await authorization.HasPermissionAsync(User, Permissions.OpenServiceRequests);
        return View("~/Views/CustomerServiceRequests/Details.cshtml", request);
    }

    [HttpPost("{id:long}/status")]
    [RequirePermission(CustomersPermissionNames.OpenServiceRequests)]
    public async Task<IActionResult> Status(long id, ServiceRequestStatus status, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(status))
        {
            return BadRequest();
        }

        if (!await serviceRequests.SetStatusAsync(id, User.GetOrganizationId()!, status, cancellationToken))
        {
            return NotFound();
        }

        TempData["Status"] = "The status has been updated.";
        return RedirectToAction(nameof(Details), new { id });
    }
}

/// <summary>R23 for the customer: the service requests partners opened for it, and their status.</summary>
[SpeaksVisitorLanguage]
[Route("portal/service-requests")]
[RequirePermission(CustomersPermissionNames.ViewOwnServiceRequests)]
public sealed class CustomerServiceRequestsController(ServiceRequestService serviceRequests) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(await serviceRequests.ForCustomerAsync(User.GetOrganizationId()!, cancellationToken));

    [HttpGet("{id:long}")]
    public async Task<IActionResult> Details(long id, CancellationToken cancellationToken)
    {
        var request = await serviceRequests.FindAsync(id, User.GetOrganizationId()!, cancellationToken);
        if (request is null || request.Request.CustomerOrganizationId != User.GetOrganizationId())
        {
            return NotFound();
        }

        ViewData["CanUpdate"] = false;
        return View(request);
    }
}
