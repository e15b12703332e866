using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using PartnerCms.Core.Security;
using PartnerCms.Customers.Services;
using PartnerCms.Customers.ViewModels;

namespace PartnerCms.Customers.Controllers;

/// <summary>R2–R5: "Search for user or domain", with the customer and its action links when found.</summary>
[RequirePermission(CustomersPermissionNames.LookupCustomers)]
public sealed class LookupController(CustomerLookupService lookup, IAuthorizationService authorization, PartnerCms.Delegation.Services.DelegatedRights rights) : Controller
{
    [HttpGet("/partner/lookup")]
    [EnableRateLimiting(Startup.LookupRateLimit)]
    public async Task<IActionResult> Index(string? q, CancellationToken cancellationToken)
    {
        // An empty search box is a question too: answer it with a message rather than the blank form.
        var asked = Request.Query.ContainsKey("q");
        var result = asked ? await lookup.LookupAsync(User.GetOrganizationId()!, q, cancellationToken) : null;
        if (result is not null)
        {
            CustomersMetrics.Lookups.Add(1, new KeyValuePair<string, object?>("outcome", result.Outcome.ToString()));
        }

        if (result?.Outcome == LookupOutcome.Invalid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        var match = result?.Match;
        return View(new LookupViewModel
        {
            Rights = match is { IsDelegatedAdministrator: true }
                ? await rights.OfAsync(User.GetUserId()!, User.GetOrganizationId()!, match.Customer.Id, cancellationToken)
                : PartnerCms.Delegation.Services.CustomerRights.None,
            Q = q,
            Result = result,
            HasDelegatedAccess = User.IsInRole(OrganizationRoles.DelegatedFullAdministration) || User.IsInRole(OrganizationRoles.DelegatedLimitedAdministration),
            CanOpenServiceRequests = await authorization.HasPermissionAsync(User, Permissions.OpenServiceRequests),
            CanResetPasswords = await authorization.HasPermissionAsync(User, Permissions.ResetCustomerPasswords),
        });
    }
}
