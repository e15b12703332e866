using PartnerCms.Workflows.Abstractions;

namespace PartnerCms.Workflows;

/// <summary>
/// How many HTTP requests and notifications an organization's workflows may send (configuration <c>Workflows:Limits</c>):
/// per run, per clock hour and per day. Mail has its own limits, set by the operator on the mail page.
/// </summary>
public sealed class WorkflowSendLimits
{
    public int HttpRequestsPerRun { get; set; } = 10;

    public int HttpRequestsPerHour { get; set; } = 300;

    public int HttpRequestsPerDay { get; set; } = 2_000;

    /// <summary>Notifications are counted per user they reach.</summary>
    public int NotificationsPerRun { get; set; } = 50;

    public int NotificationsPerHour { get; set; } = 1_000;

    public int NotificationsPerDay { get; set; } = 5_000;

    internal (int Run, int Hour, int Day, string What) For(string channel) => channel switch
    {
        WorkflowSendChannels.Http => (HttpRequestsPerRun, HttpRequestsPerHour, HttpRequestsPerDay, "HTTP requests"),
        WorkflowSendChannels.Notifications => (NotificationsPerRun, NotificationsPerHour, NotificationsPerDay, "notifications"),
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "No limits are known for this channel."),
    };
}
