using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;
using PartnerCms.Catalog.Models;
using PartnerCms.Landing;
using PartnerCms.Offers.Models;
using PartnerCms.Offers.Services;
using PartnerCms.Partners.Services;

namespace PartnerCms.Offers.ViewModels;

/// <summary>Everything the wizard has been told so far; each step posts it all back (R8).</summary>
public sealed class OfferWizardForm
{
    public int Step { get; set; } = 1;

    [Display(Name = "Partner office")]
    public string? OfficeId { get; set; }

    [Display(Name = "Usage location")]
    public string? UsageLocation { get; set; }

    /// <summary>The chosen SKU codes (a trial invitation: one).</summary>
    public List<string> Skus { get; set; } = [];

    /// <summary>User licences per chosen SKU code (purchase offers).</summary>
    public Dictionary<string, int?> Licences { get; set; } = new(StringComparer.Ordinal);

    [Display(Name = "Include an offer of delegated administration")]
    public bool IncludesDelegatedAdministration { get; set; }

    [Display(Name = "Offer open until (optional)")]
    [DataType(DataType.Date)]
    public DateTime? ExpiresOn { get; set; }

    public string? ShareTitle { get; set; }

    public string? ShareDescription { get; set; }

    public string? ShareImageId { get; set; }

    public OfferInput ToInput(OfferKind kind) => new()
    {
        Kind = kind,
        OfficeId = OfficeId,
        UsageLocation = UsageLocation,
        Lines = Skus.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => new OfferLineInput { SkuCode = s, Licences = Licences.GetValueOrDefault(s) }).ToList(),
        IncludesDelegatedAdministration = IncludesDelegatedAdministration,
        ExpiresOn = ExpiresOn,
        ShareTitle = ShareTitle,
        ShareDescription = ShareDescription,
        ShareImageId = ShareImageId,
    };
}

public sealed class OfferWizardViewModel
{
    public required OfferKind Kind { get; init; }

    public required string KindSlug { get; init; }

    public required OfferWizardForm Form { get; init; }

    public IReadOnlyList<OfficeSummary> Offices { get; init; } = [];

    public IReadOnlyList<Sku> Available { get; init; } = [];

    public IReadOnlyList<string> Removed { get; init; } = [];

    /// <summary>The partner's media library images for the share image (empty when the media module is off).</summary>
    public IReadOnlyList<PartnerCms.Core.Media.MediaChoice> Images { get; init; } = [];

    public string Title => Kind == OfferKind.TrialInvitation ? "Send a trial invitation" : "Create a purchase offer";

    public static readonly IReadOnlyList<string> StepNames = ["Office and location", "Subscriptions", "Delegated administration", "Review"];
}

public sealed class OfferPageViewModel
{
    public required ContentItemSummary Offer { get; init; }

    public required string Link { get; init; }

    public required string Subject { get; init; }

    public required string Body { get; init; }

    public string? MailTo { get; init; }

    public string? Problem { get; init; }

    public bool Edited { get; init; }

    public bool CanWithdraw { get; init; }
}

public sealed record ContentItemSummary(OfferPart Part, OfferStatus Status, string OfficeName, string UsageLocationName, DateTime CreatedUtc);

public sealed class MessageForm
{
    [StringLength(1000)]
    public string? Subject { get; set; } = string.Empty;

    [StringLength(20000)]
    public string? Body { get; set; } = string.Empty;
}

public sealed class CommerceViewModel
{
    public required CommerceDashboard Dashboard { get; init; }

    public required DashboardFilter Filter { get; init; }

    public bool CanWithdraw { get; init; }

    public string QueryString { get; init; } = string.Empty;

    /// <summary>The partner's headline experiments with their results per variant.</summary>
    public IReadOnlyList<ExperimentResult> Experiments { get; init; } = [];

    /// <summary>The user may stop experiments and publish a winner.</summary>
    public bool CanManageExperiments { get; init; }
}

public sealed record ExperimentsPage(IReadOnlyList<ExperimentResult> Experiments, ExperimentForm Form, IReadOnlyDictionary<string, string> Errors, string? Problem = null);

/// <summary>What the customer posts from the accept page (R12, R13).</summary>
public sealed class AcceptForm
{
    public string? Advisor { get; set; }

    public string? Sig { get; set; }

    /// <summary>new (sign up), existing (sign in) or current (the signed-in global administrator).</summary>
    public string? As { get; set; }

    public Dictionary<string, int?> Licences { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The trial or subscriptions; only an offer with delegated administration lets the customer untick it (R13).</summary>
    [Display(Name = "Accept the subscriptions")]
    public bool AcceptSubscriptions { get; set; } = true;

    [Display(Name = "Also accept delegated administration")]
    public bool AcceptDelegatedAdministration { get; set; }

    public PartnerCms.Directory.Services.CustomerSignUpInput SignUp { get; set; } = new();

    [Display(Name = "User name")]
    public string? SignInUserName { get; set; }

    /// <summary>Delegated-administration offers: accept or decline.</summary>
    public string? Decision { get; set; }

    /// <summary>The roles the customer approves (ticked on the page); with <see cref="RolesShown"/>, none ticked is none.</summary>
    public List<string>? ApprovedRoles { get; set; }

    public bool RolesShown { get; set; }

    /// <summary>What the acceptance service approves: null (every role asked) when the page showed no roles.</summary>
    public IReadOnlyList<string>? Approved => RolesShown ? ApprovedRoles ?? [] : null;

    [Display(Name = "Password")]
    [DataType(DataType.Password)]
    public string? SignInPassword { get; set; }
}

public sealed record AcceptLine(string SkuCode, string Name, bool IsTrial, int OfferedLicences, int MaxLicences, int? TrialDays);

public sealed class AcceptViewModel
{
    /// <summary>The language the page speaks (the landing page's choice for this visitor).</summary>
    public System.Globalization.CultureInfo Culture { get; init; } = System.Globalization.CultureInfo.GetCultureInfo("en-US");

    public required string QuoteId { get; init; }

    /// <summary>Delegated-administration offers: when the proposed relationship ends, if it does.</summary>
    public DateTime? RelationshipEndsOn { get; init; }

    /// <summary>The delegated roles the partner asks for, each shown in plain words for the customer to approve.</summary>
    public IReadOnlyList<string> AskedRoles { get; init; } = [];

    /// <summary>How long the relationship lasts from acceptance, if the partner chose a duration.</summary>
    public int? RelationshipDays { get; init; }

    public bool AutoExtend { get; init; }

    public required OfferKind Kind { get; init; }

    public required bool IncludesDelegatedAdministration { get; init; }

    public required IReadOnlyList<AcceptLine> Lines { get; init; }

    public required string UsageLocationName { get; init; }

    public required string PartnerName { get; init; }

    public required AcceptForm Form { get; init; }

    /// <summary>The signed-in customer global administrator who can accept straight away, if any.</summary>
    public string? CurrentUser { get; init; }

    public string? CurrentOrganization { get; init; }

    [BindNever]
    [ValidateNever]
    public LandingBranding? Branding { get; init; }
}

public sealed class AcceptedViewModel
{
    /// <summary>The language the page speaks (as the accept page).</summary>
    public System.Globalization.CultureInfo Culture { get; init; } = System.Globalization.CultureInfo.GetCultureInfo("en-US");

    public required string QuoteId { get; init; }

    public required string PartnerName { get; init; }

    public required string OrganizationName { get; init; }

    public required bool AlreadyAccepted { get; init; }

    public required bool IncludesDelegatedAdministration { get; init; }

    public required bool DelegatedAdministrationAccepted { get; init; }

    public required bool SubscriptionsAccepted { get; init; }

    public required IReadOnlyList<PartnerCms.Directory.Models.Subscription> Subscriptions { get; init; }

    /// <summary>False when a repeated sign-up form was recognised: nobody is signed in by it.</summary>
    public bool SignedIn { get; init; } = true;
}

public sealed record DelegationDecidedViewModel(string QuoteId, string PartnerName, string OrganizationName, bool Accepted, DateTime? EndsUtc);
