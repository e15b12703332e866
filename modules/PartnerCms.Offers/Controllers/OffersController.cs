using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using PartnerCms.Core.Content;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Security;
using PartnerCms.Core.Validation;
using PartnerCms.Offers.Models;
using PartnerCms.Offers.Services;
using PartnerCms.Offers.ViewModels;
using PartnerCms.Partners.Services;

namespace PartnerCms.Offers.Controllers;

/// <summary>
/// One offer as its partner sees it (R9–R11): the Quote ID, the message from the partner's published template (editable
/// before sending), Open in email, Copy, the link, and Withdraw. Other partners' offers are not found (404).
/// </summary>
[RequirePermission(OffersPermissionNames.CreateOffers)]
[Route("partner/offers/{quoteId}")]
public sealed class OffersController(OfferService offers, OfferPresenter presenter, ICurrentOrganization currentOrganization, PartnerProfiles partners) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Show(string quoteId, CancellationToken cancellationToken)
    {
        var item = await OwnAsync(quoteId, cancellationToken);
        if (item is null)
        {
            return NotFound();
        }

        var link = presenter.LinkFor(item.Get<OfferPart>(), Request);
        var message = await presenter.RenderMessageAsync(item, link, cancellationToken);
        return View(await PageAsync(item, link, message.Subject, message.Body, message.Problem, edited: false, cancellationToken));
    }

    /// <summary>The edited message back again, with its Open in email link (for browsers without script).</summary>
    [HttpPost("message")]
    public async Task<IActionResult> Message(string quoteId, MessageForm form, CancellationToken cancellationToken)
    {
        var item = await OwnAsync(quoteId, cancellationToken);
        if (item is null)
        {
            return NotFound();
        }

        var link = presenter.LinkFor(item.Get<OfferPart>(), Request);

        // An empty field is bound as null: a message without a body (or a post without the field) is a message to fix.
        form.Subject ??= string.Empty;
        form.Body ??= string.Empty;
        if (form.Body.Length == 0)
        {
            ModelState.AddModelError(nameof(MessageForm.Body), "Write the message: it needs at least the offer link.");
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        var problem = form.Body.Contains(link, StringComparison.Ordinal) ? null : "The message no longer contains the offer link: customers need it to open the offer.";
        return View("Show", await PageAsync(item, link, form.Subject, form.Body, problem, edited: true, cancellationToken));
    }

    [HttpPost("withdraw")]
    public async Task<IActionResult> Withdraw(string quoteId, string? returnUrl, CancellationToken cancellationToken)
    {
        if (!await offers.WithdrawAsync(currentOrganization.OrganizationId!, quoteId, User.Identity!.Name!, cancellationToken))
        {
            return NotFound();
        }

        TempData["Status"] = $"{quoteId} has been withdrawn. Its link no longer opens the offer.";
        return Redirect(returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl : $"/partner/offers/{quoteId}");
    }

    private async Task<ContentItem?> OwnAsync(string quoteId, CancellationToken cancellationToken)
    {
        var item = QuoteIds.Normalize(quoteId) is { } normalized ? await offers.FindByQuoteIdAsync(normalized, cancellationToken) : null;
        return item is not null && item.OrganizationId == currentOrganization.OrganizationId ? item : null;
    }

    private async Task<OfferPageViewModel> PageAsync(ContentItem item, string link, string subject, string body, string? problem, bool edited, CancellationToken cancellationToken)
    {
        var offer = item.Get<OfferPart>();
        var office = (await partners.OfficeLabelsAsync(item.OrganizationId, [offer.OfficeId], cancellationToken)).Select(o => o.Value).FirstOrDefault();
        var status = offers.EffectiveStatus(offer);
        return new OfferPageViewModel
        {
            Offer = new ContentItemSummary(offer, status, office ?? "(removed office)", CountriesAndRegions.NameOf(offer.UsageLocation), item.CreatedUtc),
            Link = link,
            Subject = subject,
            Body = body,
            MailTo = OfferPresenter.MailTo(subject, body),
            Problem = problem,
            Edited = edited,
            CanWithdraw = status == OfferStatus.Active,
        };
    }
}
