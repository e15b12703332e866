using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PartnerCms.Core.Events;

/// <summary>
/// Handles one kind of domain event (offer created, viewed, accepted…). Modules register handlers with
/// <c>services.AddEventHandler&lt;TEvent, THandler&gt;()</c>; the workflow module will register one per activity trigger.
/// </summary>
public interface IEventHandler<in TEvent>
{
    Task HandleAsync(TEvent domainEvent, CancellationToken cancellationToken);
}

/// <summary>
/// Publishes a domain event to every handler registered for its type, after the change that raised it is saved.
/// A failing handler is logged and does not undo or fail the user's action.
/// </summary>
public sealed class EventPublisher(IServiceProvider services, ILogger<EventPublisher> logger)
{
    public async Task PublishAsync<TEvent>(TEvent domainEvent, CancellationToken cancellationToken = default) where TEvent : notnull
    {
        var name = new KeyValuePair<string, object?>("event", typeof(TEvent).Name);
        Telemetry.PartnerCmsTelemetry.EventsPublished.Add(1, name);
        foreach (var handler in services.GetServices<IEventHandler<TEvent>>())
        {
            using var activity = Telemetry.PartnerCmsTelemetry.ActivitySource.StartActivity($"{typeof(TEvent).Name} → {handler.GetType().Name}");
            try
            {
                await handler.HandleAsync(domainEvent, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
                Telemetry.PartnerCmsTelemetry.EventHandlersFailed.Add(1, name, new KeyValuePair<string, object?>("handler", handler.GetType().Name));
                logger.LogError(ex, "The {Handler} handler of {Event} failed.", handler.GetType().Name, typeof(TEvent).Name);
            }
        }
    }
}

public static class EventServiceCollectionExtensions
{
    public static IServiceCollection AddEventHandler<TEvent, THandler>(this IServiceCollection services)
        where THandler : class, IEventHandler<TEvent> =>
        services.AddScoped<IEventHandler<TEvent>, THandler>();
}
