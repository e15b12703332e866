using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using PartnerCms.Catalog.Services;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Security;
using PartnerCms.Core.Validation;
using PartnerCms.Offers.Models;
using PartnerCms.Offers.Services;
using PartnerCms.Offers.ViewModels;
using PartnerCms.Partners.Services;

namespace PartnerCms.Offers.Controllers;

/// <summary>
/// The seed's wizard (R7, R8): Partner office → Usage location → subscriptions (only those offered there) → licences →
/// delegated administration → review. Each step posts everything back and the server checks it all again.
/// </summary>
[RequirePermission(OffersPermissionNames.CreateOffers)]
[Route("partner/offers/new/{kind:regex(^(trial|purchase)$)}")]
public sealed class OfferWizardController(OfferService offers, OfficeService offices, CatalogService catalog, ICurrentOrganization currentOrganization, IEnumerable<PartnerCms.Core.Media.IMediaCatalog> media) : Controller
{
    private const int ReviewStep = 4;

    [HttpGet("")]
    public async Task<IActionResult> Start(string kind, string? location, CancellationToken cancellationToken)
    {
        // From a customer found by lookup: the customer's usage location is the likely one.
        var form = new OfferWizardForm { UsageLocation = CountriesAndRegions.Find(location)?.Code };
        var own = await offices.ListAsync(includeRetired: false, cancellationToken);
        if (own.Count == 1)
        {
            form.OfficeId = own[0].ContentItemId;
        }

        return await StepAsync(kind, form, [], cancellationToken);
    }

    [HttpPost("")]
    public async Task<IActionResult> Step(string kind, OfferWizardForm form, string? nav, CancellationToken cancellationToken)
    {
        var offerKind = KindOf(kind);
        var organizationId = currentOrganization.OrganizationId!;
        form.Step = Math.Clamp(form.Step, 1, ReviewStep);
        ModelState.Clear();
        if (nav == "back")
        {
            form.Step = Math.Max(1, form.Step - 1);
            return await StepAsync(kind, form, [], cancellationToken);
        }

        if (nav is not null && nav.StartsWith("edit-", StringComparison.Ordinal) && int.TryParse(nav.AsSpan(5), System.Globalization.CultureInfo.InvariantCulture, out var edit))
        {
            form.Step = Math.Clamp(edit, 1, ReviewStep - 1);
            return await StepAsync(kind, form, [], cancellationToken);
        }

        // Changing the usage location re-checks the subscriptions already chosen.
        var removed = new List<string>();
        if (form.Step == 1 && CountriesAndRegions.Find(form.UsageLocation)?.Code is { } location && form.Skus.Count > 0)
        {
            var available = (await catalog.AvailableInAsync(location, offerKind == OfferKind.TrialInvitation, cancellationToken)).Select(s => s.Code).ToHashSet(StringComparer.Ordinal);
            var skus = await catalog.FindManyAsync(form.Skus, cancellationToken);
            foreach (var code in form.Skus.Where(c => !available.Contains(c)).ToList())
            {
                removed.Add(skus.TryGetValue(code, out var sku) ? sku.Name : code);
                form.Skus.Remove(code);
                form.Licences.Remove(code);
            }
        }

        var (errors, _, _, _) = await offers.ValidateAsync(organizationId, form.ToInput(offerKind), cancellationToken);
        var create = nav == "create" && form.Step == ReviewStep;
        var reached = create ? ReviewStep : form.Step;
        var blocking = errors.Where(e => StepOf(e.Key) <= reached).ToList();
        if (blocking.Count > 0)
        {
            form.Step = blocking.Min(e => StepOf(e.Key));
            foreach (var (field, message) in blocking.Where(e => StepOf(e.Key) == form.Step))
            {
                ModelState.AddModelError(field, message);
            }

            return await StepAsync(kind, form, removed, cancellationToken);
        }

        if (!create)
        {
            form.Step = Math.Min(ReviewStep, form.Step + 1);
            return await StepAsync(kind, form, removed, cancellationToken);
        }

        var result = await offers.CreateAsync(organizationId, form.ToInput(offerKind), User.Identity!.Name!, cancellationToken);
        if (!result.Succeeded)
        {
            foreach (var (field, message) in result.Errors)
            {
                ModelState.AddModelError(field, message);
            }

            return await StepAsync(kind, form, removed, cancellationToken);
        }

        var quoteId = result.Offer!.Get<OfferPart>().QuoteId;
        TempData["Status"] = $"{(offerKind == OfferKind.TrialInvitation ? "Trial invitation" : "Purchase offer")} {quoteId} is ready. Customize the message and send it.";
        return RedirectToAction(nameof(OffersController.Show), "Offers", new { quoteId });
    }

    private static OfferKind KindOf(string kind) => kind == "trial" ? OfferKind.TrialInvitation : OfferKind.PurchaseOffer;

    /// <summary>Which step asks for a field; errors not tied to a field belong to the review.</summary>
    private static int StepOf(string field) => field switch
    {
        "OfficeId" or "UsageLocation" => 1,
        "Lines" => 2,
        "ExpiresOn" or "ShareTitle" or "ShareDescription" or "ShareImageId" => 3,
        _ => ReviewStep,
    };

    private async Task<IActionResult> StepAsync(string kind, OfferWizardForm form, IReadOnlyList<string> removed, CancellationToken cancellationToken)
    {
        var offerKind = KindOf(kind);
        var location = CountriesAndRegions.Find(form.UsageLocation)?.Code;
        var model = new OfferWizardViewModel
        {
            Kind = offerKind,
            KindSlug = kind,
            Form = form,
            Offices = await offices.ListAsync(includeRetired: false, cancellationToken),
            Available = location is null ? [] : await catalog.AvailableInAsync(location, offerKind == OfferKind.TrialInvitation, cancellationToken),
            Removed = removed,
            Images = form.Step == 3 && media.FirstOrDefault() is { } library ? await library.ChoicesAsync(currentOrganization.OrganizationId!, cancellationToken) : [],
        };
        Response.StatusCode = ModelState.IsValid ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
        return View("Wizard", model);
    }
}
