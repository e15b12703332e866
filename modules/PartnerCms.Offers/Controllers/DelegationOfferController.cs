using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Security;
using PartnerCms.Offers.Models;
using PartnerCms.Offers.Services;
using PartnerCms.Partners.Services;

namespace PartnerCms.Offers.Controllers;

public sealed class DelegationOfferForm
{
    /// <summary>The customer found with a lookup, or none (a link any customer's global administrator may answer).</summary>
    public string? CustomerId { get; set; }

    public string? OfficeId { get; set; }

    public DateTime? RelationshipEndsOn { get; set; }

    public DateTime? ExpiresOn { get; set; }

    /// <summary>The roles to ask for (the form starts with the Full administration bundle ticked).</summary>
    public List<string>? Roles { get; set; }

    /// <summary>Days from acceptance, 1 to 730 (two years); the form starts at a year.</summary>
    public int? Days { get; set; }

    /// <summary>The page showed the role boxes: none ticked then means none (a post without them asks for the Full bundle).</summary>
    public bool RolesShown { get; set; }

    public bool AutoExtend { get; set; }
}

public sealed record DelegationOfferPage(DelegationOfferForm Form, IReadOnlyList<OfficeSummary> Offices, string? CustomerName);

/// <summary>
/// R14: a stand-alone delegated-administration offer to an existing customer — its own signed link and Quote ID, its
/// message from the partner's published "delegated-administration-offer" template, a row on the commerce dashboard.
/// </summary>
[RequirePermission(OffersPermissionNames.CreateOffers)]
[Route("partner/offers/new/delegated-admin")]
public sealed class DelegationOfferController(OfferService offers, OfficeService offices, ICurrentOrganization currentOrganization) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> New([FromQuery] string? customer, CancellationToken cancellationToken)
    {
        var own = await offices.ListAsync(includeRetired: false, cancellationToken);
        var customerName = await offers.CustomerNameAsync(customer, cancellationToken);
        var form = new DelegationOfferForm { OfficeId = own.Count == 1 ? own[0].ContentItemId : null, CustomerId = customerName is null ? null : customer!.Trim(), Roles = [.. DelegatedRoles.FullBundle], Days = PartnerCms.Delegation.Models.RelationshipLifecycle.DefaultDays };
        return View("New", new DelegationOfferPage(form, own, customerName));
    }

    [HttpPost("")]
    public async Task<IActionResult> Create(DelegationOfferForm form, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var result = await offers.CreateAsync(currentOrganization.OrganizationId!, new OfferInput
        {
            Kind = OfferKind.DelegatedAdministration,
            OfficeId = form.OfficeId,
            RelationshipEndsOn = form.RelationshipEndsOn,
            RelationshipDays = form.RelationshipEndsOn is null ? form.Days : null,
            DelegatedRoles = form.RolesShown ? form.Roles ?? [] : form.Roles,
            AutoExtend = form.AutoExtend,
            ExpiresOn = form.ExpiresOn,
            CustomerId = form.CustomerId,
        }, User.Identity!.Name!, cancellationToken);
        if (!result.Succeeded)
        {
            foreach (var (field, message) in result.Errors)
            {
                ModelState.AddModelError(field, message);
            }

            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("New", new DelegationOfferPage(form, await offices.ListAsync(includeRetired: false, cancellationToken), await offers.CustomerNameAsync(form.CustomerId, cancellationToken)));
        }

        var quoteId = result.Offer!.Get<OfferPart>().QuoteId;
        TempData["Status"] = $"Delegated-administration offer {quoteId} is ready. Customize the message and send it to the customer's global administrator."
            + (form.CustomerId is null ? string.Empty : " The customer also sees it on its Partner relationships page.");
        return RedirectToAction(nameof(OffersController.Show), "Offers", new { quoteId });
    }
}
