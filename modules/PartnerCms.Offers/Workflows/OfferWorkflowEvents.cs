using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Modules;
using PartnerCms.Core.Workflows;
using PartnerCms.Offers.Models;

namespace PartnerCms.Offers.Workflows;

/// <summary>An offer of the partner was accepted: <c>event.quoteId</c>, <c>event.acceptedBy</c> (the customer's global administrator), <c>event.subscriptions</c>…</summary>
public sealed class OfferAcceptedEvent : WorkflowEventActivity<OfferAccepted>
{
    public override string Type => "OfferAccepted";

    public override string DisplayName => "Offer accepted";

    public override string Description => "A customer accepted one of your offers (event.quoteId, event.acceptedBy, event.customerOrganizationId, event.signedUp, event.delegatedAdministrationAccepted, event.licences, event.trial, event.subscriptions).";

    public override IEnumerable<string?> OrganizationsOf(OfferAccepted domainEvent) => [domainEvent.PartnerOrganizationId];

    public override string CorrelationOf(OfferAccepted domainEvent) => "offer:" + domainEvent.OfferId;

    public override IReadOnlyDictionary<string, object?> InputOf(OfferAccepted e) => new Dictionary<string, object?>
    {
        ["offerId"] = e.OfferId,
        ["quoteId"] = e.QuoteId,
        ["customerOrganizationId"] = e.CustomerOrganizationId,
        ["acceptedBy"] = e.AcceptedBy,
        ["signedUp"] = e.SignedUp,
        ["delegatedAdministrationAccepted"] = e.DelegatedAdministrationAccepted,
        ["licences"] = e.Subscriptions.Sum(s => s.Licences),
        ["trial"] = e.Subscriptions.Any(s => s.IsTrial),
        ["subscriptions"] = e.Subscriptions.Select(s => new Dictionary<string, object?>
        {
            ["sku"] = s.SkuCode, ["name"] = s.SkuName, ["licences"] = s.Licences, ["trial"] = s.IsTrial,
        }).ToList(),
    };
}

/// <summary>An offer of the partner was created.</summary>
public sealed class OfferCreatedEvent : WorkflowEventActivity<OfferCreated>
{
    public override string Type => "OfferCreated";

    public override string DisplayName => "Offer created";

    public override string Description => "One of your users created an offer (event.quoteId, event.kind, event.createdBy).";

    public override IEnumerable<string?> OrganizationsOf(OfferCreated domainEvent) => [domainEvent.PartnerOrganizationId];

    public override string CorrelationOf(OfferCreated domainEvent) => "offer:" + domainEvent.OfferId;

    public override IReadOnlyDictionary<string, object?> InputOf(OfferCreated e) => new Dictionary<string, object?>
    {
        ["offerId"] = e.OfferId, ["quoteId"] = e.QuoteId, ["kind"] = e.Kind.ToString(), ["createdBy"] = e.CreatedBy,
    };
}

/// <summary>The offers module's workflow events, while the workflow module is on.</summary>
[RequireModules("PartnerCms.Workflows")]
public sealed class OffersWorkflowStartup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddWorkflowEvent<OfferAccepted, OfferAcceptedEvent>();
        services.AddWorkflowEvent<OfferCreated, OfferCreatedEvent>();
    }
}
