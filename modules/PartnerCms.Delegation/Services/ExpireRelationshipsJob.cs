using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Jobs;

namespace PartnerCms.Delegation.Services;

/// <summary>
/// Ends time-bound relationships at their end date (or extends those set to), sends notices 30, 7 and 1 days before, and lapses unanswered requests. Access ends at the end
/// date whether or not this has run (every check compares the end date); the job records it and raises the events.
/// </summary>
public sealed class ExpireRelationshipsJob : IRecurringJob
{
    public string Name => "delegation:expire-relationships";

    public TimeSpan Interval => TimeSpan.FromMinutes(5);

    public Task RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<DelegatedRelationshipService>().ExpireDueAsync(cancellationToken);
}
