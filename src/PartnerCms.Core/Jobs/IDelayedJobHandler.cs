
namespace PartnerCms.Core.Jobs;

/// <summary>The handler of delayed jobs of one kind: a job scheduled with <see cref="IJobScheduler"/> runs it once, when due.</summary>
public interface IDelayedJobHandler
{
    /// <summary>The kind this handler runs (the prefix of the scheduled job's name: "kind:key").</summary>
    string Kind { get; }

    Task RunAsync(IServiceProvider services, string key, CancellationToken cancellationToken);
}
