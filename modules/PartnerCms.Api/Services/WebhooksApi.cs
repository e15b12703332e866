using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using PartnerCms.Api.Abstractions;
using PartnerCms.Api.Models;

namespace PartnerCms.Api.Services;

/// <summary>The event types an endpoint can receive (an enum in the OpenAPI document).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<WebhookEventType>))]
public enum WebhookEventType
{
    [System.Text.Json.Serialization.JsonStringEnumMemberName(WebhookEventTypes.OfferCreated)] OfferCreated,
    [System.Text.Json.Serialization.JsonStringEnumMemberName(WebhookEventTypes.OfferViewed)] OfferViewed,
    [System.Text.Json.Serialization.JsonStringEnumMemberName(WebhookEventTypes.OfferAccepted)] OfferAccepted,
    [System.Text.Json.Serialization.JsonStringEnumMemberName(WebhookEventTypes.OfferWithdrawn)] OfferWithdrawn,
    [System.Text.Json.Serialization.JsonStringEnumMemberName(WebhookEventTypes.TrialStarted)] TrialStarted,
    [System.Text.Json.Serialization.JsonStringEnumMemberName(WebhookEventTypes.CustomerSignedUp)] CustomerSignedUp,
    [System.Text.Json.Serialization.JsonStringEnumMemberName(WebhookEventTypes.RelationshipOffered)] RelationshipOffered,
    [System.Text.Json.Serialization.JsonStringEnumMemberName(WebhookEventTypes.RelationshipAccepted)] RelationshipAccepted,
    [System.Text.Json.Serialization.JsonStringEnumMemberName(WebhookEventTypes.RelationshipDeclined)] RelationshipDeclined,
    [System.Text.Json.Serialization.JsonStringEnumMemberName(WebhookEventTypes.RelationshipRemoved)] RelationshipRemoved,
    [System.Text.Json.Serialization.JsonStringEnumMemberName(WebhookEventTypes.RelationshipExpiring)] RelationshipExpiring,
    [System.Text.Json.Serialization.JsonStringEnumMemberName(WebhookEventTypes.RelationshipExpired)] RelationshipExpired,
    [System.Text.Json.Serialization.JsonStringEnumMemberName(WebhookEventTypes.ServiceRequestOpened)] ServiceRequestOpened,
    [System.Text.Json.Serialization.JsonStringEnumMemberName(WebhookEventTypes.ServiceRequestStatusChanged)] ServiceRequestStatusChanged,
    [System.Text.Json.Serialization.JsonStringEnumMemberName(WebhookEventTypes.OnBehalfSessionStarted)] OnBehalfSessionStarted,
    [System.Text.Json.Serialization.JsonStringEnumMemberName(WebhookEventTypes.OnBehalfSessionEnded)] OnBehalfSessionEnded,
}

public sealed class ApiWebhookInput
{
    public string? Url { get; set; }

    public List<WebhookEventType>? EventTypes { get; set; }

    public string? Description { get; set; }
}

public sealed record ApiWebhook(string Id, string Url, IReadOnlyList<string> EventTypes, string? Description, bool Enabled, string? DisabledReason, DateTime CreatedUtc, string? Secret = null);

public sealed record ApiWebhookDelivery(long Id, string MessageId, string EventType, string Status, int Attempts, DateTime CreatedUtc, DateTime? LastAttemptUtc, int? LastStatusCode, int? LastDurationMs, string? LastResponse);

/// <summary>Webhook endpoints through the API (scope webhooks.manage): the same service, rules and audit as the Webhooks page.</summary>
internal sealed class WebhooksApi : IApiEndpoints
{
    public void Map(RouteGroupBuilder v1)
    {
        var hooks = v1.MapGroup("/webhooks").WithTags("Webhooks");
        hooks.MapGet("/event-types", () => TypedResults.Ok(WebhookEventTypes.All)).RequireScope(ApiScopes.WebhooksManage).WithName("ListWebhookEventTypes")
            .WithSummary("The event types an endpoint can receive");
        hooks.MapGet("", ListAsync).RequireScope(ApiScopes.WebhooksManage).WithName("ListWebhooks").WithSummary("The organization's webhook endpoints");
        hooks.MapPost("", CreateAsync).RequireScope(ApiScopes.WebhooksManage).WithName("CreateWebhook").ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Add an endpoint; the answer holds its signing secret, shown only this once");
        hooks.MapGet("/{id}", GetAsync).RequireScope(ApiScopes.WebhooksManage).WithName("GetWebhook").WithSummary("One endpoint");
        hooks.MapDelete("/{id}", DeleteAsync).RequireScope(ApiScopes.WebhooksManage).WithName("DeleteWebhook").WithSummary("Delete an endpoint and its delivery log");
        hooks.MapGet("/{id}/deliveries", DeliveriesAsync).RequireScope(ApiScopes.WebhooksManage).WithName("ListWebhookDeliveries").WithSummary("The endpoint's latest deliveries");
        hooks.MapPost("/{id}/test", TestAsync).RequireScope(ApiScopes.WebhooksManage).WithName("SendWebhookTest").WithSummary("Send a webhook.test event to the endpoint");
    }

    private static async Task<Ok<List<ApiWebhook>>> ListAsync(HttpContext http, WebhookService webhooks, CancellationToken cancellationToken) =>
        TypedResults.Ok((await webhooks.ListAsync(http.User.OrganizationId(), cancellationToken)).Select(e => Dto(e)).ToList());

    private static async Task<Results<Created<ApiWebhook>, ValidationProblem>> CreateAsync(ApiWebhookInput input, HttpContext http, WebhookService webhooks, CancellationToken cancellationToken)
    {
        if (input.EventTypes?.Any(t => !Enum.IsDefined(t)) == true)
        {
            return ApiProblems.Invalid("eventTypes", "Use the names of GET /api/v1/webhooks/event-types.");
        }

        var types = (input.EventTypes ?? []).Select(t => WebhookEventTypes.All[(int)t]).ToList();
        var created = await webhooks.CreateAsync(http.User.OrganizationId(), input.Url, types, input.Description, http.User.ActorName(), cancellationToken);
        return created.Succeeded
            ? TypedResults.Created($"/api/v1/webhooks/{created.Endpoint!.Id}", Dto(created.Endpoint, created.Secret))
            : ApiProblems.Invalid(created.Errors.ToDictionary(e => e.Key, e => new[] { e.Value }, StringComparer.Ordinal));
    }

    private static async Task<Results<Ok<ApiWebhook>, ProblemHttpResult>> GetAsync(string id, HttpContext http, WebhookService webhooks, CancellationToken cancellationToken) =>
        await webhooks.GetAsync(http.User.OrganizationId(), id, cancellationToken) is { } endpoint ? TypedResults.Ok(Dto(endpoint)) : ApiProblems.NotFound("webhook endpoint");

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, HttpContext http, WebhookService webhooks, CancellationToken cancellationToken) =>
        await webhooks.DeleteAsync(http.User.OrganizationId(), id, http.User.ActorName(), cancellationToken) ? TypedResults.NoContent() : ApiProblems.NotFound("webhook endpoint");

    private static async Task<Results<Ok<List<ApiWebhookDelivery>>, ProblemHttpResult>> DeliveriesAsync(string id, HttpContext http, WebhookService webhooks, CancellationToken cancellationToken)
    {
        if (await webhooks.GetAsync(http.User.OrganizationId(), id, cancellationToken) is null)
        {
            return ApiProblems.NotFound("webhook endpoint");
        }

        return TypedResults.Ok((await webhooks.DeliveriesAsync(http.User.OrganizationId(), id, 100, cancellationToken)).Select(d => new ApiWebhookDelivery(
            d.Id, d.MessageId, d.EventType, d.Status.ToString().ToLowerInvariant(), d.Attempts, d.CreatedUtc, d.LastAttemptUtc, d.LastStatusCode, d.LastDurationMs, d.LastResponse)).ToList());
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> TestAsync(string id, HttpContext http, WebhookService webhooks, CancellationToken cancellationToken) =>
        await webhooks.SendTestAsync(http.User.OrganizationId(), id, cancellationToken) ? TypedResults.Accepted($"/api/v1/webhooks/{id}/deliveries") : ApiProblems.NotFound("webhook endpoint");

    private static ApiWebhook Dto(WebhookEndpoint e, string? secret = null) => new(e.Id, e.Url, e.EventTypeList, e.Description, e.Enabled, e.DisabledReason, e.CreatedUtc, secret);
}
