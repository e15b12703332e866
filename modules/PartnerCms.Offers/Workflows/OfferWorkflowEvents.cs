using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Modules;
using PartnerCms.Offers.Models;
using PartnerCms.Workflows.Abstractions;
using WorkflowOutcomes = PartnerCms.Workflows.Abstractions.Outcomes;

namespace PartnerCms.Offers.Workflows;

/// <summary>An offer of the partner was accepted: <c>event.quoteId</c>, <c>event.acceptedBy</c> (the customer's global administrator), <c>event.subscriptions</c>…</summary>
public sealed class OfferAcceptedEvent(PartnerCms.Core.Data.PartnerCmsDbContext db) : WorkflowEventActivity<OfferAccepted, OfferAcceptedPayload>
{
    public override string Type => "OfferAccepted";

    public override string DisplayName => "Offer accepted";

    public override string Description => "A customer accepted one of your offers (event.quoteId, event.acceptedBy, event.customerOrganizationId, event.signedUp, event.delegatedAdministrationAccepted, event.licences, event.trial, event.subscriptions).";

    public override IEnumerable<string?> OrganizationsOf(OfferAccepted domainEvent) => [domainEvent.PartnerOrganizationId];

    public override string CorrelationOf(OfferAccepted domainEvent) => "offer:" + domainEvent.OfferId;

    /// <summary>The organization's latest acceptances (their subscriptions as they are now).</summary>
    public override async Task<IReadOnlyList<WorkflowSample>> SamplesAsync(string organizationId, CancellationToken cancellationToken)
    {
        var accepted = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.Set<OfferAcceptance>().Where(a => a.OrganizationId == organizationId).OrderByDescending(a => a.AcceptedUtc).Take(10), cancellationToken);
        return accepted.Select(a => Sample(
            $"{a.QuoteId} accepted by {a.CustomerName} ({a.AcceptedBy}), {a.AcceptedUtc:yyyy-MM-dd}",
            PayloadOf(new OfferAccepted(a.OfferId, a.QuoteId, a.OrganizationId, a.CustomerOrganizationId, a.AcceptedBy, a.SignedUp, a.DelegatedAdministrationAccepted,
                [new AcceptedSubscription(string.Empty, "(licences)", "Licences accepted", a.Licences, false)])))).ToList();
    }

    public override OfferAcceptedPayload PayloadOf(OfferAccepted e) =>
        new(e.OfferId, e.QuoteId, e.CustomerOrganizationId, e.AcceptedBy, e.SignedUp, e.DelegatedAdministrationAccepted,
            e.Subscriptions.Sum(s => s.Licences), e.Subscriptions.Any(s => s.IsTrial), e.Subscriptions.Select(s => new AcceptedSubscriptionPayload(s.SkuCode, s.SkuName, s.Licences, s.IsTrial)).ToList());
}

/// <summary>A customer opened the landing page of one of the partner's offers for the first time.</summary>
public sealed class OfferViewedEvent : WorkflowEventActivity<OfferFirstViewed, OfferFirstViewedPayload>
{
    public override string Type => "OfferViewed";

    public override string DisplayName => "Offer viewed (first view)";

    public override string Description => "Someone opened one of your offers' links for the first time (event.quoteId, event.viewedUtc). Known a few seconds after the view; later views do not start workflows.";

    public override IEnumerable<string?> OrganizationsOf(OfferFirstViewed domainEvent) => [domainEvent.PartnerOrganizationId];

    public override string CorrelationOf(OfferFirstViewed domainEvent) => "offer:" + domainEvent.OfferId;

    public override OfferFirstViewedPayload PayloadOf(OfferFirstViewed e) =>
        new(e.OfferId, e.QuoteId, e.ViewedUtc);
}

/// <summary>An accepted offer started trials.</summary>
public sealed class TrialStartedEvent : WorkflowEventActivity<TrialStarted, TrialStartedPayload>
{
    public override string Type => "TrialStarted";

    public override string DisplayName => "Trial started";

    public override string Description => "A customer accepted one of your trial offers and its trial subscriptions began (event.quoteId, event.customerOrganizationId, event.acceptedBy, event.endsUtc, event.subscriptions).";

    public override IEnumerable<string?> OrganizationsOf(TrialStarted domainEvent) => [domainEvent.PartnerOrganizationId];

    public override string CorrelationOf(TrialStarted domainEvent) => "offer:" + domainEvent.OfferId;

    public override TrialStartedPayload PayloadOf(TrialStarted e) =>
        new(e.OfferId, e.QuoteId, e.CustomerOrganizationId, e.AcceptedBy, e.EndsUtc, e.Subscriptions.Select(s => new TrialSubscriptionPayload(s.SkuCode, s.SkuName, s.Licences)).ToList());
}

/// <summary>A new customer organization signed up through an offer.</summary>
public sealed class CustomerSignedUpEvent : WorkflowEventActivity<CustomerSignedUp, CustomerSignedUpPayload>
{
    public override string Type => "CustomerSignedUp";

    public override string DisplayName => "Customer signed up";

    public override string Description => "A new organization signed up through one of your offers (event.customerName, event.customerOrganizationId, event.signedUpBy — its first global administrator, event.quoteId).";

    public override IEnumerable<string?> OrganizationsOf(CustomerSignedUp domainEvent) => [domainEvent.PartnerOrganizationId];

    public override string CorrelationOf(CustomerSignedUp domainEvent) => "offer:" + domainEvent.OfferId;

    public override CustomerSignedUpPayload PayloadOf(CustomerSignedUp e) =>
        new(e.OfferId, e.QuoteId, e.CustomerOrganizationId, e.CustomerName, e.SignedUpBy);
}

/// <summary>An offer of the partner was created.</summary>
public sealed class OfferCreatedEvent : WorkflowEventActivity<OfferCreated, OfferCreatedPayload>
{
    public override string Type => "OfferCreated";

    public override string DisplayName => "Offer created";

    public override string Description => "One of your users created an offer (event.quoteId, event.kind, event.createdBy).";

    public override IEnumerable<string?> OrganizationsOf(OfferCreated domainEvent) => [domainEvent.PartnerOrganizationId];

    public override string CorrelationOf(OfferCreated domainEvent) => "offer:" + domainEvent.OfferId;

    public override OfferCreatedPayload PayloadOf(OfferCreated e) =>
        new(e.OfferId, e.QuoteId, e.Kind, e.CreatedBy);
}

/// <summary>What a workflow reads of an accepted offer: <c>event.quoteId</c>, <c>event.acceptedBy</c>, <c>event.licences</c> (all subscriptions), <c>event.trial</c> (any is one), <c>event.subscriptions</c>…</summary>
public sealed record OfferAcceptedPayload(
    string OfferId, string QuoteId, string CustomerOrganizationId, string AcceptedBy, bool SignedUp, bool DelegatedAdministrationAccepted, int Licences, bool Trial,
    IReadOnlyList<AcceptedSubscriptionPayload> Subscriptions);

/// <summary>One subscription of an accepted offer: <c>sku</c>, <c>name</c>, <c>licences</c>, <c>trial</c>.</summary>
public sealed record AcceptedSubscriptionPayload(string Sku, string Name, int Licences, bool Trial);

/// <summary>What a workflow reads of an offer's first view.</summary>
public sealed record OfferFirstViewedPayload(string OfferId, string QuoteId, DateTime ViewedUtc);

/// <summary>What a workflow reads of started trials: <c>event.endsUtc</c> and the trial <c>subscriptions</c>.</summary>
public sealed record TrialStartedPayload(string OfferId, string QuoteId, string CustomerOrganizationId, string AcceptedBy, DateTime EndsUtc, IReadOnlyList<TrialSubscriptionPayload> Subscriptions);

/// <summary>One trial subscription: <c>sku</c>, <c>name</c>, <c>licences</c>.</summary>
public sealed record TrialSubscriptionPayload(string Sku, string Name, int Licences);

/// <summary>What a workflow reads of a customer that signed up through an offer.</summary>
public sealed record CustomerSignedUpPayload(string OfferId, string QuoteId, string CustomerOrganizationId, string CustomerName, string SignedUpBy);

/// <summary>What a workflow reads of a created offer (<c>event.kind</c> is the kind's name).</summary>
public sealed record OfferCreatedPayload(string OfferId, string QuoteId, OfferKind Kind, string CreatedBy);

public sealed class SendOfferInvitationSettings
{
    /// <summary>The offer's Quote ID (Liquid), e.g. <c>{{ event.quoteId }}</c>; only the workflow's own organization's offers.</summary>
    [Field("Offer (Quote ID)", Help = "Liquid, e.g. {{ event.quoteId }}; only your own open offers.", Kind = FieldKind.Liquid, Required = true)]
    public string Offer { get; set; } = "{{ event.quoteId }}";

    /// <summary>Recipients, separated by commas (Liquid).</summary>
    [Field("To", Help = "Recipients separated by commas (Liquid).", Kind = FieldKind.Liquid, Required = true)]
    public string To { get; set; } = string.Empty;
}

/// <summary>
/// Mails an offer's invitation: the partner's published message template for its kind (R9), with the offer's signed link,
/// through the mail outbox. The link's address is PartnerCms:PublicUrl (there is no request to take it from).
/// </summary>
public sealed class SendOfferInvitation(Services.OfferService offers, Services.OfferPresenter presenter, Mail.Services.WorkflowMail mail) : WorkflowActivity<SendOfferInvitationSettings>
{
    public override string Type => "SendOfferInvitation";

    public override string DisplayName => "Send offer invitation";

    public override string Category => "Messages";

    public override string Description => "Mails one of your offers (by Quote ID) to recipients with your published message template and the offer's signed link.";

    public override IReadOnlyList<string> Outcomes => [WorkflowOutcomes.Done];

    protected override IReadOnlyList<ActivityError> Validate(SendOfferInvitationSettings settings, WorkflowValidationContext context)
    {
        var errors = new List<ActivityError>();
        if (string.IsNullOrWhiteSpace(settings.Offer))
        {
            errors.Add(new(nameof(SendOfferInvitationSettings.Offer), "Give the Quote ID, e.g. {{ event.quoteId }}."));
        }

        if (string.IsNullOrWhiteSpace(settings.To))
        {
            errors.Add(new(nameof(SendOfferInvitationSettings.To), "Give the recipients."));
        }

        errors.AddRange(CheckLiquid(context, nameof(SendOfferInvitationSettings.Offer), settings.Offer));
        errors.AddRange(CheckLiquid(context, nameof(SendOfferInvitationSettings.To), settings.To));
        return errors;
    }

    protected override async Task<ActivityResult> ExecuteAsync(ActivityContext context, SendOfferInvitationSettings settings, CancellationToken cancellationToken)
    {
        var quoteId = Services.QuoteIds.Normalize(await context.RenderAsync(settings.Offer, cancellationToken));
        var item = quoteId is null ? null : await offers.FindByQuoteIdAsync(quoteId, cancellationToken);
        if (item is null || item.OrganizationId != context.OrganizationId)
        {
            throw new InvalidOperationException($"'{quoteId}' is not one of your offers.");
        }

        var offer = item.Get<OfferPart>();
        if (!offers.IsOpen(offer))
        {
            throw new InvalidOperationException($"Offer {quoteId} is withdrawn or expired; its link no longer opens.");
        }

        var link = presenter.PublicLinkFor(offer) ?? throw new InvalidOperationException("Set PartnerCms:PublicUrl (the portal's public address) so that mailed offer links work.");
        var message = await presenter.RenderMessageAsync(item, link, cancellationToken);
        var to = await context.RenderListAsync(settings.To, cancellationToken);
        context.Journal["quoteId"] = quoteId;
        context.Journal["to"] = to;
        context.Journal["subject"] = message.Subject;
        await mail.SendAsync(context, to, message.Subject, message.Body, cancellationToken, anyRecipient: true);
        return ActivityResult.Outcome(WorkflowOutcomes.Done);
    }
}

/// <summary>Mailing offers needs the mail module too.</summary>
[RequireModules("PartnerCms.Workflows", "PartnerCms.Mail")]
public sealed class OffersMailWorkflowStartup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration) => services.AddWorkflowActivity<SendOfferInvitation>();
}

/// <summary>The offers module's workflow events, while the workflow module is on.</summary>
[RequireModules("PartnerCms.Workflows")]
public sealed class OffersWorkflowStartup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddWorkflowEvent<OfferAccepted, OfferAcceptedEvent>();
        services.AddWorkflowEvent<OfferCreated, OfferCreatedEvent>();
        services.AddWorkflowEvent<OfferFirstViewed, OfferViewedEvent>();
        services.AddWorkflowEvent<TrialStarted, TrialStartedEvent>();
        services.AddWorkflowEvent<CustomerSignedUp, CustomerSignedUpEvent>();
    }
}
