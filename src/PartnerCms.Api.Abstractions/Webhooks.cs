using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Events;

namespace PartnerCms.Api.Abstractions;

/// <summary>The events an organization's webhook endpoints can subscribe to (each raised by the module that owns it).</summary>
public static class WebhookEventTypes
{
    public const string OfferCreated = "offer.created";
    public const string OfferViewed = "offer.viewed";
    public const string OfferAccepted = "offer.accepted";
    public const string OfferWithdrawn = "offer.withdrawn";
    public const string TrialStarted = "trial.started";
    public const string CustomerSignedUp = "customer.signed_up";
    public const string RelationshipOffered = "relationship.offered";
    public const string RelationshipAccepted = "relationship.accepted";
    public const string RelationshipDeclined = "relationship.declined";
    public const string RelationshipRemoved = "relationship.removed";
    public const string RelationshipExpiring = "relationship.expiring";
    public const string RelationshipExpired = "relationship.expired";
    public const string ServiceRequestOpened = "service_request.opened";
    public const string ServiceRequestStatusChanged = "service_request.status_changed";
    public const string OnBehalfSessionStarted = "on_behalf_session.started";
    public const string OnBehalfSessionEnded = "on_behalf_session.ended";

    /// <summary>What "Send a test event" sends; no endpoint subscribes to it.</summary>
    public const string Test = "webhook.test";

    public static IReadOnlyList<string> All { get; } =
    [
        OfferCreated, OfferViewed, OfferAccepted, OfferWithdrawn, TrialStarted, CustomerSignedUp, RelationshipOffered, RelationshipAccepted, RelationshipDeclined,
        RelationshipRemoved, RelationshipExpiring, RelationshipExpired, ServiceRequestOpened, ServiceRequestStatusChanged, OnBehalfSessionStarted, OnBehalfSessionEnded,
    ];
}

/// <summary>Turns an event into deliveries to the endpoints of the organizations it concerns (the API module's webhooks).</summary>
public interface IWebhookPublisher
{
    /// <summary>Adds a delivery for each enabled endpoint of <paramref name="organizationIds"/> subscribed to <paramref name="eventType"/> (saved with the caller's unit of work).</summary>
    Task PublishAsync(string eventType, IEnumerable<string?> organizationIds, object data, CancellationToken cancellationToken);
}

/// <summary>One module event delivered as a webhook event: which organizations see it and what they are sent.</summary>
public sealed class WebhookEvent<TEvent>(string name, Func<TEvent, IEnumerable<string?>> organizationsOf, Func<TEvent, object> dataOf, IEnumerable<IWebhookPublisher> publishers)
    : IEventHandler<TEvent>
    where TEvent : notnull
{
    public Task HandleAsync(TEvent domainEvent, CancellationToken cancellationToken) =>
        publishers.FirstOrDefault() is { } publisher ? publisher.PublishAsync(name, organizationsOf(domainEvent), dataOf(domainEvent), cancellationToken) : Task.CompletedTask;
}

public static class WebhookServiceCollectionExtensions
{
    /// <summary>
    /// Delivers <typeparamref name="TEvent"/> (an outbox event of the calling module) to webhook endpoints as
    /// <paramref name="name"/>, to the organizations <paramref name="organizationsOf"/> names, with the data <paramref name="dataOf"/> gives.
    /// </summary>
    public static IServiceCollection AddWebhookEvent<TEvent>(this IServiceCollection services, string name, Func<TEvent, IEnumerable<string?>> organizationsOf, Func<TEvent, object> dataOf)
        where TEvent : notnull
    {
        if (!WebhookEventTypes.All.Contains(name, StringComparer.Ordinal))
        {
            throw new ArgumentException($"'{name}' is not a webhook event type.", nameof(name));
        }

        services.AddScoped(sp => new WebhookEvent<TEvent>(name, organizationsOf, dataOf, sp.GetServices<IWebhookPublisher>()));
        services.AddEventHandler<TEvent, WebhookEvent<TEvent>>();
        return services;
    }
}
