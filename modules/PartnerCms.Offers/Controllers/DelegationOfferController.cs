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
    public string? OfficeId { get; set; }

    public DateTime? RelationshipEndsOn { get; set; }

    public DateTime? ExpiresOn { get; set; }
}

public sealed record DelegationOfferPage(DelegationOfferForm Form, IReadOnlyList<OfficeSummary> Offices);

/// <summary>
/// R14: a stand-alone delegated-administration offer to an existing customer — its own signed link and Quote ID, its
/// message from the partner's published "delegated-administration-offer" template, a row on the commerce dashboard.
/// </summary>
[RequirePermission(OffersPermissionNames.CreateOffers)]
[Route("partner/offers/new/delegated-admin")]
public sealed class DelegationOfferController(OfferService offers, OfficeService offices, ICurrentOrganization currentOrganization) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> New(CancellationToken cancellationToken)
    {
        var own = await offices.ListAsync(includeRetired: false, cancellationToken);
        return View("New", new DelegationOfferPage(new DelegationOfferForm { OfficeId = own.Count == 1 ? own[0].ContentItemId : null }, own));
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
            ExpiresOn = form.ExpiresOn,
        }, User.Identity!.Name!, cancellationToken);
        if (!result.Succeeded)
        {
            foreach (var (field, message) in result.Errors)
            {
                ModelState.AddModelError(field, message);
            }

            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("New", new DelegationOfferPage(form, await offices.ListAsync(includeRetired: false, cancellationToken)));
        }

        var quoteId = result.Offer!.Get<OfferPart>().QuoteId;
        TempData["Status"] = $"Delegated-administration offer {quoteId} is ready. Customize the message and send it to the customer's global administrator.";
        return Redirect($"/partner/offers/{quoteId}");
    }
}
