using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PartnerCms.Core.Data;

namespace PartnerCms.Core.Events;

/// <summary>
/// Handles one kind of domain event (offer created, accepted, withdrawn…). Modules register handlers with
/// <c>services.AddEventHandler&lt;TEvent, THandler&gt;()</c>. A handler runs in the background, never in the request that
/// raised the event, in a DI scope and a database transaction of its own, as the system: its database changes and the
/// record that it ran commit together, so it runs at most once per event even when the event is delivered again.
/// Effects outside the database (a cache eviction, a mail handed to a server) must be safe to repeat.
/// </summary>
public interface IEventHandler<in TEvent>
{
    Task HandleAsync(TEvent domainEvent, CancellationToken cancellationToken);
}

/// <summary>
/// Raises domain events through the transactional outbox: <see cref="Raise{TEvent}"/> adds an outbox row to the request's
/// <see cref="PartnerCmsDbContext"/>, so it is written by the same SaveChanges (and in the same transaction) as the change
/// that raised it — or not at all. The <see cref="OutboxDispatcher"/> delivers it afterwards, at least once.
/// </summary>
public sealed class EventOutbox(PartnerCmsDbContext db, EventTypes types, TimeProvider clock)
{
    /// <summary>
    /// Adds the event to the unit of work; call it before the SaveChanges (or the commit) of the change it reports.
    /// Events of the same <paramref name="correlationId"/> are handled in the order they were raised. An event nobody
    /// handles is not written.
    /// </summary>
    public Guid? Raise<TEvent>(TEvent domainEvent, string? correlationId = null) where TEvent : notnull
    {
        if (!types.HasHandlers(typeof(TEvent)))
        {
            return null;
        }

        var id = Guid.NewGuid();
        db.Add(new OutboxMessage
        {
            EventId = id,
            Type = EventTypes.NameOf(typeof(TEvent)),
            Payload = JsonSerializer.Serialize(domainEvent, EventTypes.Json),
            CorrelationId = correlationId ?? id.ToString("N"),
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
            Depth = DeliveredEvent.Depth is { } depth ? depth + 1 : 0,
            NextAttemptUtc = clock.GetUtcNow().UtcDateTime,
        });
        OutboxSaveInterceptor.Mark(db);
        Telemetry.PartnerCmsTelemetry.EventsPublished.Add(1, new KeyValuePair<string, object?>("event", typeof(TEvent).Name));
        return id;
    }
}

/// <summary>One handler of one event type, as registered by a module.</summary>
public sealed record EventHandlerRegistration(Type EventType, Type HandlerType)
{
    /// <summary>The handler's stable name in the processed-events table.</summary>
    public string Name => HandlerType.FullName ?? HandlerType.Name;

    /// <summary>
    /// Whether the handler takes several events in one transaction (the default). A handler that advances shared rows
    /// in an order set by the events (a hash chain's head per customer) runs one event per transaction: batches of it
    /// running side by side on PostgreSQL would hold one head while waiting for another, and deadlock.
    /// </summary>
    public bool Batched { get; init; } = true;

    internal Func<object, object, CancellationToken, Task> Invoke { get; init; } = null!;
}

/// <summary>The event types with handlers on this node, by their stored names, and their handlers.</summary>
public sealed class EventTypes
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Dictionary<Type, List<EventHandlerRegistration>> _handlers;
    private readonly Dictionary<string, Type> _byName;

    public EventTypes(IEnumerable<EventHandlerRegistration> registrations)
    {
        _handlers = registrations.DistinctBy(r => (r.EventType, r.HandlerType)).GroupBy(r => r.EventType).ToDictionary(g => g.Key, g => g.ToList());
        _byName = _handlers.Keys.ToDictionary(NameOf, StringComparer.Ordinal);
    }

    public static string NameOf(Type eventType) => eventType.FullName ?? eventType.Name;

    public bool HasHandlers(Type eventType) => _handlers.ContainsKey(eventType);

    public Type? Find(string name) => _byName.GetValueOrDefault(name);

    public IReadOnlyList<EventHandlerRegistration> HandlersOf(Type eventType) => _handlers.TryGetValue(eventType, out var list) ? list : [];

    public object? Deserialize(string name, string payload) => Find(name) is { } type ? JsonSerializer.Deserialize(payload, type, Json) : null;
}

public static class EventServiceCollectionExtensions
{
    /// <summary>Registers a handler of <typeparamref name="TEvent"/>; <paramref name="batched"/> false for one that must run one event per transaction (see <see cref="EventHandlerRegistration.Batched"/>).</summary>
    public static IServiceCollection AddEventHandler<TEvent, THandler>(this IServiceCollection services, bool batched = true)
        where TEvent : notnull
        where THandler : class, IEventHandler<TEvent>
    {
        services.TryAddScoped<THandler>();
        services.AddSingleton(new EventHandlerRegistration(typeof(TEvent), typeof(THandler))
        {
            Batched = batched,
            Invoke = (handler, domainEvent, cancellationToken) => ((THandler)handler).HandleAsync((TEvent)domainEvent, cancellationToken),
        });
        return services;
    }
}
