
namespace PartnerCms.Core.Jobs;

/// <summary>Schedules a delayed job ("kind:key" at a time); scheduling the same name again moves it.</summary>
public interface IJobScheduler
{
    Task ScheduleAsync(string kind, string key, DateTime runAtUtc, CancellationToken cancellationToken = default);

    Task CancelAsync(string kind, string key, CancellationToken cancellationToken = default);
}
