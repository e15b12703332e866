
namespace PartnerCms.Core.Jobs;

/// <summary>Exponential backoff shared by jobs and event delivery: the first delay after one failure, doubling, capped.</summary>
public static class Backoff
{
    public static TimeSpan After(int failures, TimeSpan first, TimeSpan max) =>
        TimeSpan.FromTicks(Math.Min(max.Ticks, first.Ticks * (1L << Math.Clamp(failures - 1, 0, 20))));
}
