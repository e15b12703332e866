using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Security;
using PartnerCms.Customers.Services;
using PartnerCms.Customers.ViewModels;
using PartnerCms.Directory.Services;
using PartnerCms.Directory.ViewModels;

namespace PartnerCms.Customers.Controllers;

/// <summary>
/// The actions on a customer found by lookup. Each needs the customer to have made this partner its delegated
/// administrator (R4); any other customer is answered 404, as if it did not exist.
/// </summary>
[Route("partner/customers/{customerId}")]
[RequirePermission(CustomersPermissionNames.LookupCustomers)]
public sealed class CustomerActionsController(
    CustomerLookupService lookup,
    UserDirectoryService users,
    PasswordResetService passwords,
    ServiceRequestService serviceRequests,
    ICurrentOrganization currentOrganization,
    IAuthorizationService authorization,
    PartnerCms.Core.Audit.AuditTrail audit,
    OnBehalfSessions onBehalf,
    PartnerCms.Delegation.Services.DelegatedRights rights) : Controller
{
    public const string LimitedResetMessage =
        "With Limited administration you can reset a customer's passwords only from the customer's account portal: use Administer on behalf of, then Users.";

    [HttpGet("administrators")]
    public async Task<IActionResult> Administrators(string customerId, CancellationToken cancellationToken)
    {
        if (await CustomerAsync(customerId, cancellationToken) is not { } customer)
        {
            return NotFound();
        }

        AdministratorsViewModel model;
        using (currentOrganization.RunAs(customer.Id))
        {
            model = new AdministratorsViewModel(customer, await users.AdministratorsAsync(customer.Id, cancellationToken));
        }

        // R22: personal data of the customer's users, viewed on its behalf.
        await audit.RecordAsync("customer.administrators-viewed", null, User.GetOrganizationId(), customer.Id, cancellationToken: cancellationToken);
        return View(model);
    }

    /// <summary>R18: opens the customer's account portal in a session scoped to this one customer.</summary>
    [HttpPost("administer")]
    [RequireRecentSecondStep]
    public async Task<IActionResult> Administer(string customerId, CancellationToken cancellationToken)
    {
        if (await CustomerAsync(customerId, cancellationToken) is not { } customer)
        {
            return NotFound();
        }

        var session = await onBehalf.StartAsync(User, customer, cancellationToken);
        if (session is null)
        {
            return Refused("Administering this customer needs a role it approved that is used in its account portal (for example Full or Limited administration, or a team assigned Users administrator). Ask your global administrator.");
        }

        Response.Cookies.Append(OnBehalfSessions.CookieName, session.Id, new CookieOptions
        {
            HttpOnly = true,
            Secure = Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            IsEssential = true,
        });
        Response.Cookies.Delete(OnBehalfSessions.EndedCookieName, new CookieOptions { Path = "/" });
        return RedirectToRoute(PartnerCms.Directory.DirectoryRoutes.AccountPortal);
    }

    [HttpGet("reset-password")]
    [RequireRecentSecondStep]
    public async Task<IActionResult> ResetPassword(string customerId, CancellationToken cancellationToken)
    {
        var customer = await CustomerAsync(customerId, cancellationToken);
        if (customer is null)
        {
            return NotFound();
        }

        if (!await authorization.HasPermissionAsync(User, Permissions.ResetCustomerPasswords) || !(await RightsAsync(customer, cancellationToken)).ResetFromPartnerPortal)
        {
            return Refused(await LimitedOrNoneAsync(customer, cancellationToken));
        }

        using var asCustomer = currentOrganization.RunAs(customer.Id);
        return View(new ResetPasswordForm { Customer = customer, Users = await users.ListAsync(customer.Id, cancellationToken) });
    }

    [HttpPost("reset-password")]
    [RequireRecentSecondStep]
    public async Task<IActionResult> ResetPassword(string customerId, string? userId, CancellationToken cancellationToken)
    {
        var customer = await CustomerAsync(customerId, cancellationToken);
        if (customer is null)
        {
            return NotFound();
        }

        var granted = await RightsAsync(customer, cancellationToken);
        if (!await authorization.HasPermissionAsync(User, Permissions.ResetCustomerPasswords) || !granted.ResetFromPartnerPortal)
        {
            await audit.RecordAsync("customer.password-reset", userId, User.GetOrganizationId(), customer.Id, PartnerCms.Core.Audit.AuditOutcomes.Refused, cancellationToken: cancellationToken);
            return Refused(await LimitedOrNoneAsync(customer, cancellationToken));
        }

        // Global administrator (Full administration) is the equivalent of the customer's global administrator: it may
        // reset any user's password; a Users administrator only those of users who are not administrators.
        // The customer made this partner its delegated administrator (checked above): act in the customer's organization.
        using var asCustomer = currentOrganization.RunAs(customer.Id);
        var result = await passwords.ResetAsync(customer.Id, userId ?? string.Empty, mayResetAdministrators: granted.Has(PartnerCms.Core.Security.DelegatedRoles.GlobalAdministrator), User.GetUserId()!, cancellationToken);
        await audit.RecordAsync("customer.password-reset", (result.UserName ?? userId) + " — as " + granted.Allowing(PartnerCms.Core.Security.DelegatedRoles.GlobalAdministrator, PartnerCms.Core.Security.DelegatedRoles.UsersAdministrator), User.GetOrganizationId(), customer.Id,
            result.Succeeded ? PartnerCms.Core.Audit.AuditOutcomes.Succeeded : PartnerCms.Core.Audit.AuditOutcomes.Refused, cancellationToken: cancellationToken);
        if (!result.Succeeded)
        {
            ModelState.AddModelError("UserId", result.Error == "The user does not exist." ? "Choose one of the customer's users." : result.Error!);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(new ResetPasswordForm { Customer = customer, Users = await users.ListAsync(customer.Id, cancellationToken), UserId = userId });
        }

        return View("TemporaryPassword", new TemporaryPasswordViewModel(result.UserName!, result.TemporaryPassword!, "/partner/lookup", "Back to lookup"));
    }

    [HttpGet("service-requests/new")]
    [RequirePermission(CustomersPermissionNames.OpenServiceRequests)]
    public async Task<IActionResult> NewServiceRequest(string customerId, CancellationToken cancellationToken)
    {
        if (await CustomerAsync(customerId, cancellationToken) is not { } customer)
        {
            return NotFound();
        }

        return (await RightsAsync(customer, cancellationToken)).OpenServiceRequests
            ? View(new ServiceRequestForm { Customer = customer, Input = new ServiceRequestInput { ContactName = User.GetDisplayName(), ContactEmail = User.Identity?.Name ?? string.Empty } })
            : Refused(ServiceSupportMessage);
    }

    [HttpPost("service-requests/new")]
    [RequirePermission(CustomersPermissionNames.OpenServiceRequests)]
    public async Task<IActionResult> NewServiceRequest(string customerId, ServiceRequestForm form, CancellationToken cancellationToken)
    {
        var customer = await CustomerAsync(customerId, cancellationToken);
        if (customer is null)
        {
            return NotFound();
        }

        form.Customer = customer;
        var granted = await RightsAsync(customer, cancellationToken);
        if (!granted.OpenServiceRequests)
        {
            return Refused(ServiceSupportMessage);
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(form);
        }

        audit.Record("customer.service-request-opened", form.Input.Title + " — as " + granted.Allowing(PartnerCms.Core.Security.DelegatedRoles.ServiceSupport), User.GetOrganizationId(), customer.Id);
        var request = await serviceRequests.OpenAsync(User.GetOrganizationId()!, customer.Id, form.Input, User.GetUserId()!, User.Identity?.Name ?? string.Empty, cancellationToken);
        TempData["Status"] = $"Service request {request.Number} has been opened for {customer.Name}.";
        return RedirectToAction(nameof(ServiceRequestsController.Details), "ServiceRequests", new { id = request.Id });
    }

    private Task<Organization?> CustomerAsync(string customerId, CancellationToken cancellationToken) =>
        lookup.DelegatedCustomerAsync(User.GetOrganizationId()!, customerId, cancellationToken);

    public const string ServiceSupportMessage =
        "Opening a service request for this customer needs the Service support role, which the customer approved and your global administrator assigned to one of your teams.";

    private Task<PartnerCms.Delegation.Services.CustomerRights> RightsAsync(Organization customer, CancellationToken cancellationToken) =>
        rights.OfAsync(User.GetUserId()!, User.GetOrganizationId()!, customer.Id, cancellationToken);

    private async Task<string> LimitedOrNoneAsync(Organization customer, CancellationToken cancellationToken) =>
        (await RightsAsync(customer, cancellationToken)).Has(PartnerCms.Core.Security.DelegatedRoles.PasswordAdministrator)
            ? LimitedResetMessage
            : "Resetting this customer's passwords from the partner portal needs Full administration or the Users administrator role in the customer. Ask your global administrator.";

    private ViewResult Refused(string message)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View("Refused", message);
    }
}
