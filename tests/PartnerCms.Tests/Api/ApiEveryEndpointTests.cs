using System.Text.Json.Nodes;
using PartnerCms.Tests.Api.Generated;
using PartnerCms.Tests.Infrastructure;
using static PartnerCms.Tests.Api.ApiSteps;

namespace PartnerCms.Tests.Api;

/// <summary>
/// Every operation of the published contract, called through the generated client as an outsider would: without a
/// token and with a revoked client's token (401), with a token of every scope but the one it needs (403), and — where
/// it names a resource — as another partner naming this partner's offer, webhook, relationship or service request
/// (404, and the resource is unchanged for its owner). A new operation without a row here fails the first test.
/// </summary>
[Trait("Area", "Api")]
public abstract class ApiEveryEndpointTests(PartnerCmsSite site)
{
    private static readonly (string, string) WoodgroveAdmin = ("admin@woodgrovepartners.example", "Woodgrove-Admin-2026");

    private static readonly string[] AllScopes =
        ["customers.read", "offers.read", "offers.write", "relationships.read", "relationships.write", "service-requests.read", "service-requests.write", "subscriptions.read", "audit.read", "webhooks.manage"];

    /// <summary>Contoso's resources the calls name.</summary>
    private sealed record Resources(string QuoteId, string WebhookId, string CustomerId, long ServiceRequestId);

    /// <summary>Each operation: its id in the document, the scope it needs, a call, and whether the call names a resource.</summary>
    private static readonly (string Operation, string Scope, bool NamesResource, Func<PartnerCmsApiClient, Resources, Task> Call)[] Operations =
    [
        ("ListWebhookEventTypes", "webhooks.manage", false, (c, _) => c.ListWebhookEventTypesAsync()),
        ("ListWebhooks", "webhooks.manage", false, (c, _) => c.ListWebhooksAsync()),
        ("CreateWebhook", "webhooks.manage", false, (c, _) => c.CreateWebhookAsync(new ApiWebhookInput())),
        ("GetWebhook", "webhooks.manage", true, (c, r) => c.GetWebhookAsync(r.WebhookId)),
        ("DeleteWebhook", "webhooks.manage", true, (c, r) => c.DeleteWebhookAsync(r.WebhookId)),
        ("ListWebhookDeliveries", "webhooks.manage", true, (c, r) => c.ListWebhookDeliveriesAsync(r.WebhookId)),
        ("SendWebhookTest", "webhooks.manage", true, (c, r) => c.SendWebhookTestAsync(r.WebhookId)),
        ("ListSubscriptions", "subscriptions.read", false, (c, _) => c.ListSubscriptionsAsync(null, null, null)),
        ("ListCustomers", "customers.read", false, (c, _) => c.ListCustomersAsync(null, null)),
        ("LookUpCustomer", "customers.read", false, (c, _) => c.LookUpCustomerAsync("fabrikam.example")),
        ("OfferRelationship", "relationships.write", false, (c, _) => c.OfferRelationshipAsync(new ApiRelationshipOfferInput())),
        ("ListRelationships", "relationships.read", false, (c, _) => c.ListRelationshipsAsync(null, null, null)),
        ("ListAcceptances", "offers.read", false, (c, _) => c.ListAcceptancesAsync(null, null)),
        ("ListAuditEntries", "audit.read", false, (c, _) => c.ListAuditEntriesAsync(null, null, null, null, null, null, null)),
        ("GetRelationship", "relationships.read", true, (c, r) => c.GetRelationshipAsync(r.CustomerId)),
        ("RemoveRelationship", "relationships.write", true, (c, r) => c.RemoveRelationshipAsync(r.CustomerId)),
        ("ListServiceRequests", "service-requests.read", false, (c, _) => c.ListServiceRequestsAsync(null, null)),
        ("OpenServiceRequest", "service-requests.write", false, (c, _) => c.OpenServiceRequestAsync(new ApiServiceRequestInput())),
        ("GetServiceRequest", "service-requests.read", true, (c, r) => c.GetServiceRequestAsync(r.ServiceRequestId)),
        ("SetServiceRequestStatus", "service-requests.write", true, (c, r) => c.SetServiceRequestStatusAsync(r.ServiceRequestId, new ApiServiceRequestStatusInput { Status = "closed" })),
        ("CreateOffer", "offers.write", false, (c, _) => c.CreateOfferAsync(new ApiOfferInput())),
        ("ListOffers", "offers.read", false, (c, _) => c.ListOffersAsync(null, null, null, null)),
        ("GetOffer", "offers.read", true, (c, r) => c.GetOfferAsync(r.QuoteId)),
        ("WithdrawOffer", "offers.write", true, (c, r) => c.WithdrawOfferAsync(r.QuoteId)),
    ];

    private static async Task<int> StatusOfAsync(Func<Task> call)
    {
        try
        {
            await call();
            return 200;
        }
        catch (ApiException ex)
        {
            return ex.StatusCode;
        }
    }

    [Fact]
    public async Task Every_operation_in_the_published_document_has_a_row_here_with_the_scope_the_document_names()
    {
        using var anonymous = site.CreateClient();
        var document = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!;
        var published = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => (
                Id: operation.Value!["operationId"]!.GetValue<string>(),
                Scope: operation.Value["security"]!.AsArray().Single()!.AsObject().Single().Value!.AsArray().Single()!.GetValue<string>())))
            .OrderBy(o => o.Id, StringComparer.Ordinal).ToList();

        Assert.Equal(published, Operations.Select(o => (Id: o.Operation, o.Scope)).OrderBy(o => o.Id, StringComparer.Ordinal).ToList());
    }

    [Fact]
    [Trait("Rule", "R9")]
    [Trait("Rule", "R23")]
    public async Task Every_operation_refuses_no_token_and_a_revoked_client_401_a_missing_scope_403_and_another_partner_404()
    {
        // Contoso's resources: an offer, a webhook endpoint, a relationship with a customer, a service request.
        using var contosoAdmin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var (contosoId, contosoSecret) = await RegisterClientAsync(contosoAdmin, "Everything " + Guid.NewGuid().ToString("N")[..6], AllScopes);
        using var anonymous = site.CreateClient();
        using var contosoHttp = Bearer(site, await TokenAsync(anonymous, contosoId, contosoSecret));
        var contoso = new PartnerCmsApiClient(contosoHttp);
        var office = await OfferSteps.OfficeAsync(site, "contoso-partners", "RED-001");
        var offer = await contoso.CreateOfferAsync(new ApiOfferInput { Kind = "purchase", OfficeId = office, UsageLocation = "US", Lines = [new ApiOfferLine { Sku = "INTUNE-P1", Licences = 5 }] });
        var webhook = await contoso.CreateWebhookAsync(new ApiWebhookInput { Url = "https://hooks.contoso-crm.example/partnercms", EventTypes = [WebhookEventType.Relationship_expired] });
        var serviceRequest = await contoso.OpenServiceRequestAsync(new ApiServiceRequestInput
        {
            CustomerId = "fabrikam",
            Title = "Every endpoint",
            Description = "Opened to be named by others.",
            Severity = "low",
            ContactName = "Dana",
            ContactEmail = "dana@fabrikam.example",
        });
        var resources = new Resources(offer.QuoteId, webhook.Id, "fabrikam", serviceRequest.Id);

        // The refused callers: no token; a revoked client; a token with every scope but one; Woodgrove's client with every scope.
        var noToken = new PartnerCmsApiClient(site.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false }));
        var (revokedId, revokedSecret) = await RegisterClientAsync(contosoAdmin, "Revoked " + Guid.NewGuid().ToString("N")[..6], AllScopes);
        using var revokedHttp = Bearer(site, await TokenAsync(anonymous, revokedId, revokedSecret));
        await contosoAdmin.PostFormAsync($"/portal/api-clients/{revokedId}/revoke", new Dictionary<string, string>(), "/portal/api-clients");
        var revoked = new PartnerCmsApiClient(revokedHttp);
        var allButOne = new Dictionary<string, PartnerCmsApiClient>(StringComparer.Ordinal);
        var owned = new List<HttpClient>();
        foreach (var scope in AllScopes)
        {
            var http = Bearer(site, await TokenAsync(anonymous, contosoId, contosoSecret, string.Join(' ', AllScopes.Where(s => s != scope))));
            owned.Add(http);
            allButOne[scope] = new PartnerCmsApiClient(http);
        }

        using var woodgroveAdmin = await site.SignInAsync(WoodgroveAdmin);
        var (woodgroveId, woodgroveSecret) = await RegisterClientAsync(woodgroveAdmin, "Outsider " + Guid.NewGuid().ToString("N")[..6], AllScopes);
        using var woodgroveHttp = Bearer(site, await TokenAsync(anonymous, woodgroveId, woodgroveSecret));
        var woodgrove = new PartnerCmsApiClient(woodgroveHttp);

        var wrong = new List<string>();
        foreach (var (operation, scope, namesResource, call) in Operations)
        {
            var answers = new Dictionary<string, int>(StringComparer.Ordinal)
            {
                ["no token"] = await StatusOfAsync(() => call(noToken, resources)),
                ["revoked client"] = await StatusOfAsync(() => call(revoked, resources)),
                ["without " + scope] = await StatusOfAsync(() => call(allButOne[scope], resources)),
            };
            var expected = new Dictionary<string, int>(StringComparer.Ordinal) { ["no token"] = 401, ["revoked client"] = 401, ["without " + scope] = 403 };
            if (namesResource)
            {
                answers["another partner"] = await StatusOfAsync(() => call(woodgrove, resources));
                expected["another partner"] = 404;
            }

            wrong.AddRange(expected.Where(e => answers[e.Key] != e.Value).Select(e => $"{operation} {e.Key}: {answers[e.Key]}, not {e.Value}"));
        }

        // Nothing the refused calls named changed for its owner, and Woodgrove's lists hold none of it.
        var offerAfter = await contoso.GetOfferAsync(offer.QuoteId);
        var webhookAfter = await contoso.GetWebhookAsync(webhook.Id);
        var relationshipAfter = await contoso.GetRelationshipAsync("fabrikam");
        var serviceRequestAfter = await contoso.GetServiceRequestAsync(serviceRequest.Id);
        var woodgroveOffers = await woodgrove.ListOffersAsync(null, null, null, 200);
        var woodgroveHooks = await woodgrove.ListWebhooksAsync();
        var woodgroveRequests = await woodgrove.ListServiceRequestsAsync(null, 200);
        owned.ForEach(h => h.Dispose());

        Assert.Empty(wrong);
        Assert.Equal("active", offerAfter.Status);
        Assert.True(webhookAfter.Enabled);
        Assert.Equal("active", relationshipAfter.Status);
        Assert.Equal(serviceRequest.Status, serviceRequestAfter.Status);
        Assert.DoesNotContain(woodgroveOffers.Items, o => o.QuoteId == offer.QuoteId);
        Assert.DoesNotContain(woodgroveHooks, h => h.Id == webhook.Id);
        Assert.DoesNotContain(woodgroveRequests.Items, r => r.Id == serviceRequest.Id);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ApiEveryEndpointTestsOnSqlite(SqliteSite shared) : ApiEveryEndpointTests(shared.Site);

[Collection(PostgresCollection.Name)]
public sealed class ApiEveryEndpointTestsOnPostgres(PostgresSite shared) : ApiEveryEndpointTests(shared.Site);
