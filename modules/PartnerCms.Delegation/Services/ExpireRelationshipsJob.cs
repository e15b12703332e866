using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Jobs;

namespace PartnerCms.Delegation.Services;

/// <summary>
/// Ends time-bound relationships at their end date and announces those ending within 14 days. Access ends at the end
/// date whether or not this has run (every check compares the end date); the job records it and raises the events.
/// </summary>
public sealed class ExpireRelationshipsJob : IRecurringJob
{
    public string Name => "delegation:expire-relationships";

    public TimeSpan Interval => TimeSpan.FromMinutes(5);

    public Task RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<DelegatedRelationshipService>().ExpireDueAsync(cancellationToken);
}
