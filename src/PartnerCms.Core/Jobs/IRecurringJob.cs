
namespace PartnerCms.Core.Jobs;

/// <summary>
/// A recurring job a module contributes (<c>services.AddRecurringJob&lt;TJob&gt;()</c>): run every
/// <see cref="Interval"/>, once across all nodes, in a DI scope of its own, as the system. Each run is recorded.
/// </summary>
public interface IRecurringJob
{
    /// <summary>Unique and stable: the name of the job's lease row.</summary>
    string Name { get; }

    TimeSpan Interval { get; }

    Task RunAsync(IServiceProvider services, CancellationToken cancellationToken);
}
