using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using PartnerCms.Catalog.Services;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Content;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Security;
using PartnerCms.Core.Validation;
using PartnerCms.Directory.Services;
using PartnerCms.Landing;
using PartnerCms.Offers.Landing;
using PartnerCms.Offers.Models;
using PartnerCms.Offers.Services;
using PartnerCms.Offers.ViewModels;

namespace PartnerCms.Offers.Controllers;

/// <summary>
/// The customer's side of an offer link (R12, R13): choose licence counts, sign up (a new organization) or sign in (a
/// global administrator of an existing one), and accept, with delegated administration as a separate, unticked choice.
/// The signed link is checked again on every request.
/// </summary>
[AllowAnonymous]
[Route("offers/{quoteId}/accept")]
public sealed class OfferAcceptController(
    OfferService offers,
    OfferPresenter presenter,
    OfferAcceptanceService acceptance,
    OfferLandingPages landingPages,
    HeadlineExperiments experiments,
    CatalogService catalog,
    SubscriptionService subscriptions,
    UserManager<PartnerCmsUser> users,
    SignInManager<PartnerCmsUser> signIn,
    OrganizationDirectory organizations,
    Microsoft.Extensions.Localization.IStringLocalizer<LandingStrings> strings) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Accept(string quoteId, string? advisor, string? sig, string? @as, CancellationToken cancellationToken)
    {
        var (state, item) = await offers.ResolveLinkAsync(quoteId, advisor, sig, cancellationToken);
        if (state != OfferLinkState.Open)
        {
            return await UnavailableAsync(state, item, cancellationToken);
        }

        var form = new AcceptForm { Advisor = advisor, Sig = sig, As = @as is "existing" or "new" ? @as : null };
        form.SignUp.SubmissionId = Guid.NewGuid().ToString("N");
        foreach (var line in item!.Get<OfferPart>().Lines)
        {
            form.Licences[line.SkuCode] = line.Licences;
        }

        return View(ViewFor(item), await ModelAsync(item, form, cancellationToken));
    }

    /// <summary>A stand-alone delegated-administration offer has its own page: no subscriptions, no sign-up, Accept or Decline.</summary>
    private static string ViewFor(ContentItem item) =>
        item.Get<OfferPart>().Kind == OfferKind.DelegatedAdministration ? "AcceptDelegation" : "Accept";

    [HttpPost("")]
    [EnableRateLimiting(RateLimits.SignIn)]
    public async Task<IActionResult> Accept(string quoteId, AcceptForm form, CancellationToken cancellationToken)
    {
        var (state, item) = await offers.ResolveLinkAsync(quoteId, form.Advisor, form.Sig, cancellationToken);
        if (state != OfferLinkState.Open)
        {
            return await UnavailableAsync(state, item, cancellationToken);
        }

        ModelState.Clear();

        // Enter in the sign-in fields submits the form's first button (sign up): the fields say what was meant.
        if (form.As == "new" && string.IsNullOrWhiteSpace(form.SignUp.CompanyName) && string.IsNullOrWhiteSpace(form.SignUp.UserName) && !string.IsNullOrWhiteSpace(form.SignInUserName))
        {
            form.As = "existing";
        }

        PartnerCmsUser? accepter = null;
        switch (form.As)
        {
            case "current":
                accepter = User.Identity?.IsAuthenticated == true ? await users.GetUserAsync(User) : null;
                if (accepter is null)
                {
                    ModelState.AddModelError(string.Empty, "Your session has ended. Sign in again.");
                    return await InvalidAsync(item!, form, cancellationToken);
                }

                break;
            case "existing":
                accepter = await CheckSignInAsync(form);
                if (accepter is null)
                {
                    return await InvalidAsync(item!, form, cancellationToken);
                }

                break;
            case "new" when item!.Get<OfferPart>().Kind == OfferKind.DelegatedAdministration:
                ModelState.AddModelError(string.Empty, "A delegated-administration offer is for an existing organization: sign in as its global administrator.");
                return await InvalidAsync(item, form, cancellationToken);
            case "new":
                break;
            default:
                ModelState.AddModelError(string.Empty, "Choose whether you sign up a new organization or sign in to an existing one.");
                return await InvalidAsync(item!, form, cancellationToken);
        }

        if (item!.Get<OfferPart>().Kind == OfferKind.DelegatedAdministration)
        {
            return await DecideDelegationAsync(item, form, accepter!, cancellationToken);
        }

        var acceptSubscriptions = form.AcceptSubscriptions || !item!.Get<OfferPart>().IncludesDelegatedAdministration;
        var result = await acceptance.AcceptAsync(item!, new Accepter(accepter, form.As == "new" ? form.SignUp : null), form.Licences, acceptSubscriptions, form.AcceptDelegatedAdministration, cancellationToken);
        if (!result.Succeeded)
        {
            foreach (var (field, message) in result.Errors)
            {
                ModelState.AddModelError(field, message);
            }

            return await InvalidAsync(item!, form, cancellationToken);
        }

        // A visitor of a headline experiment accepted (perhaps signing up): their variant's tally counts it.
        if (result.Outcome == AcceptanceOutcome.Accepted)
        {
            await experiments.RecordConversionAsync(item!.OrganizationId, Request.Cookies[HeadlineExperiments.VisitorCookie], result.Acceptance?.SignedUp == true, cancellationToken);
        }

        // A repeated sign-up form is answered without a user: only a password checked through the sign-in manager (or a
        // new account) signs anyone in.
        var user = result.User;
        if (user is not null && (User.Identity?.IsAuthenticated != true || User.GetUserId() != user.Id))
        {
            await signIn.SignInAsync(user, isPersistent: false);
        }

        var offer = item!.Get<OfferPart>();
        var organizationSubscriptions = user is null ? [] : await subscriptions.ListAsync(user.OrganizationId, cancellationToken);
        var lines = offer.Lines.Select(l => l.SkuCode).ToHashSet(StringComparer.Ordinal);
        var culture = await landingPages.CultureForAsync(Request, item, cancellationToken);
        var branding = await presenter.BrandingInCultureAsync(item.OrganizationId, culture, cancellationToken);
        ViewData[LandingConventions.BrandingKey] = branding;
        ViewData[LandingConventions.CultureKey] = culture;
        return View("Accepted", new AcceptedViewModel
        {
            Culture = culture,
            QuoteId = offer.QuoteId,
            PartnerName = branding.Name,
            OrganizationName = result.Acceptance?.CustomerName ?? string.Empty,
            AlreadyAccepted = result.Outcome == AcceptanceOutcome.AlreadyAccepted,
            IncludesDelegatedAdministration = offer.IncludesDelegatedAdministration,
            DelegatedAdministrationAccepted = result.Acceptance?.DelegatedAdministrationAccepted ?? false,
            SubscriptionsAccepted = result.Acceptance?.Licences > 0,
            Subscriptions = organizationSubscriptions.Where(s => lines.Contains(s.SkuCode) && s.AdvisorOrganizationId == item.OrganizationId).ToList(),
            SignedIn = user is not null,
        });
    }

    private async Task<PartnerCmsUser?> CheckSignInAsync(AcceptForm form)
    {
        var user = string.IsNullOrWhiteSpace(form.SignInUserName) ? null : await users.FindByNameAsync(form.SignInUserName.Trim());
        if (user is null || string.IsNullOrEmpty(form.SignInPassword))
        {
            ModelState.AddModelError(nameof(AcceptForm.SignInUserName), "The user name or password is not right.");
            return null;
        }

        var check = await signIn.CheckPasswordSignInAsync(user, form.SignInPassword, lockoutOnFailure: true);
        if (check.IsLockedOut)
        {
            ModelState.AddModelError(nameof(AcceptForm.SignInUserName), "This account is locked for a few minutes after too many wrong passwords. Try again later.");
            return null;
        }

        if (!check.Succeeded)
        {
            ModelState.AddModelError(nameof(AcceptForm.SignInUserName), "The user name or password is not right.");
            return null;
        }

        var (accepter, error) = await acceptance.CheckAccepterAsync(user);
        if (accepter is null)
        {
            ModelState.AddModelError(string.Empty, error!);
        }

        return accepter;
    }

    private async Task<IActionResult> InvalidAsync(ContentItem item, AcceptForm form, CancellationToken cancellationToken)
    {
        form.SignUp.Password = null;
        form.SignUp.ConfirmPassword = null;
        form.SignInPassword = null;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(ViewFor(item), await ModelAsync(item, form, cancellationToken));
    }

    /// <summary>R15: the customer's global administrator accepts (the partner becomes its delegated administrator) or declines.</summary>
    private async Task<IActionResult> DecideDelegationAsync(ContentItem item, AcceptForm form, PartnerCmsUser accepter, CancellationToken cancellationToken)
    {
        var offer = item.Get<OfferPart>();
        string organizationName;
        bool accepted;
        if (form.Decision == "decline")
        {
            var (name, error) = await acceptance.DeclineAsync(item, accepter, cancellationToken);
            if (name is null)
            {
                ModelState.AddModelError(string.Empty, error!);
                return await InvalidAsync(item, form, cancellationToken);
            }

            await offers.MarkDeclinedAsync(item, accepter.OrganizationId, accepter.UserName ?? accepter.Id, cancellationToken);
            organizationName = name;
            accepted = false;
        }
        else
        {
            var result = await acceptance.AcceptAsync(item, new Accepter(accepter, null) { ApprovedRoles = form.Approved }, new Dictionary<string, int?>(StringComparer.Ordinal), acceptSubscriptions: false, acceptDelegatedAdministration: true, cancellationToken);
            if (!result.Succeeded)
            {
                foreach (var (field, message) in result.Errors)
                {
                    ModelState.AddModelError(field, message);
                }

                return await InvalidAsync(item, form, cancellationToken);
            }

            organizationName = result.Acceptance?.CustomerName ?? string.Empty;
            accepted = true;
        }

        if (User.Identity?.IsAuthenticated != true || User.GetUserId() != accepter.Id)
        {
            await signIn.SignInAsync(accepter, isPersistent: false);
        }

        var culture = await landingPages.CultureForAsync(Request, item, cancellationToken);
        var branding = await presenter.BrandingInCultureAsync(item.OrganizationId, culture, cancellationToken);
        branding.SubscriptionsOnPage = false;
        ViewData[LandingConventions.BrandingKey] = branding;
        ViewData[LandingConventions.CultureKey] = culture;
        return View("DelegationDecided", new DelegationDecidedViewModel(offer.QuoteId, branding.Name, organizationName, accepted, offer.RelationshipEndsUtc));
    }

    private async Task<IActionResult> UnavailableAsync(OfferLinkState state, ContentItem? item, CancellationToken cancellationToken)
    {
        var (status, html) = await landingPages.RenderUnavailableAsync(state, item, landingPages.Preferences(Request), cancellationToken);
        return new ContentResult { StatusCode = status, ContentType = "text/html; charset=utf-8", Content = System.Text.Encoding.UTF8.GetString(html) };
    }

    private async Task<AcceptViewModel> ModelAsync(ContentItem item, AcceptForm form, CancellationToken cancellationToken)
    {
        var offer = item.Get<OfferPart>();
        var skus = await catalog.FindManyAsync(offer.Lines.Select(l => l.SkuCode), cancellationToken);
        var culture = await landingPages.CultureForAsync(Request, item, cancellationToken);
        var branding = await presenter.BrandingInCultureAsync(item.OrganizationId, culture, cancellationToken);
        branding.SubscriptionsOnPage = offer.Kind != OfferKind.DelegatedAdministration;
        ViewData[LandingConventions.BrandingKey] = branding;
        ViewData[LandingConventions.CultureKey] = culture;
        ViewData["Title"] = culture.Name == PartnerCms.Core.Localization.CultureOptions.Default ? "Accept " + offer.QuoteId : strings["Accept {0}", offer.QuoteId].Value;
        string? currentUser = null;
        string? currentOrganization = null;
        if (User.Identity?.IsAuthenticated == true && await users.GetUserAsync(User) is { } user && (await acceptance.CheckAccepterAsync(user)).User is not null)
        {
            currentUser = user.UserName;
            currentOrganization = (await organizations.GetCurrentAsync(cancellationToken))?.Name;
        }

        return new AcceptViewModel
        {
            QuoteId = offer.QuoteId,
            RelationshipEndsOn = offer.RelationshipEndsUtc?.Date,
            AskedRoles = offer.IncludesDelegatedAdministration ? offer.AskedRoles : [],
            RelationshipDays = offer.RelationshipDays,
            AutoExtend = offer.RelationshipAutoExtend,
            Kind = offer.Kind,
            IncludesDelegatedAdministration = offer.IncludesDelegatedAdministration,
            Lines = offer.Lines.Select(l => new AcceptLine(l.SkuCode, l.SkuName, l.TrialDays is not null, l.Licences, skus.TryGetValue(l.SkuCode, out var sku) ? sku.MaxLicences : l.Licences, l.TrialDays)).ToList(),
            UsageLocationName = CountriesAndRegions.NameOf(offer.UsageLocation),
            PartnerName = branding.Name,
            Form = form,
            CurrentUser = currentUser,
            CurrentOrganization = currentOrganization,
            Branding = branding,
            Culture = culture,
        };
    }
}
