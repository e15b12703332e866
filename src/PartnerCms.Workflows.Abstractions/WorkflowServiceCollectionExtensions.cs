using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Events;

namespace PartnerCms.Workflows.Abstractions;

public static class WorkflowServiceCollectionExtensions
{
    /// <summary>An activity, made per scope (a run, a request) so it can take scoped services through its constructor.</summary>
    public static IServiceCollection AddWorkflowActivity<TActivity>(this IServiceCollection services) where TActivity : WorkflowActivity =>
        services.AddScoped<WorkflowActivity, TActivity>();

    /// <summary>The event's activity, and the outbox handler that starts and resumes workflows when the event is delivered.</summary>
    public static IServiceCollection AddWorkflowEvent<TEvent, TActivity>(this IServiceCollection services)
        where TEvent : notnull
        where TActivity : WorkflowActivity, IWorkflowEvent<TEvent>
    {
        services.AddScoped<TActivity>();
        services.AddScoped<WorkflowActivity>(sp => sp.GetRequiredService<TActivity>());
        services.AddScoped<IWorkflowEvent<TEvent>>(sp => sp.GetRequiredService<TActivity>());
        return services.AddEventHandler<TEvent, WorkflowTrigger<TEvent>>();
    }
}
