using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Data;
using PartnerCms.Core.Notifications;
using PartnerCms.Core.Security;
using PartnerCms.Workflows.Abstractions;
using PartnerCms.Workflows.Models;

namespace PartnerCms.Workflows.Services;

/// <summary>
/// The send quota (<see cref="IWorkflowSendQuota"/>) for HTTP requests and notifications: per run (counted in the run), per
/// organization per clock hour and per day (counted in the database, in the run's transaction, so every node sees the same
/// figures). Mail keeps its own limits and stops a run through <see cref="StopRunAsync"/>.
/// </summary>
public sealed class WorkflowSendQuota(PartnerCmsDbContext db, TimeProvider clock, IOptions<WorkflowSendLimits> options,
    IEnumerable<IUserNotifications> notifiers, UserManager<PartnerCmsUser> users, LinkGenerator links) : IWorkflowSendQuota, IWorkflowLimitsNotice
{
    public const string NoticeSource = "Workflow limits";
    private const string CountReason = "a run is counted against its own organization, which it names, whatever organization the delivering request had";

    public WorkflowSendLimits Limits => options.Value;

    /// <summary>Takes <paramref name="amount"/> sends of <paramref name="channel"/> for the run, or faults it at a limit.</summary>
    public async Task TakeAsync(ActivityContext context, string channel, int amount, CancellationToken cancellationToken)
    {
        var (perRun, perHour, perDay, what) = options.Value.For(channel);
        var inRun = context.RunCounts.GetValueOrDefault(channel);
        if (inRun + amount > perRun)
        {
            await StopAsync(context, $"This run would send {inRun + amount:N0} {what}; the limit per run is {perRun:N0}. Does it loop?", what, cancellationToken);
            return;
        }

        if (context.DryRun)
        {
            context.RunCounts[channel] = inRun + amount;
            return;
        }

        var hour = HourOf(clock.GetUtcNow().UtcDateTime);
        var organizationId = context.OrganizationId;
        var counts = db.Set<WorkflowSendCount>().AcrossOrganizations(CountReason).Where(c => c.OrganizationId == organizationId && c.Channel == channel);
        // One read for both limits: the last 24 hours' rows, this hour's among them.
        var dayStart = hour.AddHours(-23);
        var hours = await counts.Where(c => c.HourUtc >= dayStart).Select(c => new { c.HourUtc, c.Count }).ToListAsync(cancellationToken);
        var thisHour = hours.Where(h => h.HourUtc == hour).Sum(h => h.Count);
        var today = hours.Sum(h => h.Count);
        if (thisHour + amount > perHour)
        {
            await StopAsync(context, string.Format(CultureInfo.InvariantCulture, "Your organization's workflows have sent {0:N0} {1} this hour; the limit per hour is {2:N0}.", thisHour, what, perHour), what, cancellationToken);
        }

        if (today + amount > perDay)
        {
            await StopAsync(context, string.Format(CultureInfo.InvariantCulture, "Your organization's workflows have sent {0:N0} {1} in the last 24 hours; the limit per day is {2:N0}.", today, what, perDay), what, cancellationToken);
        }

        // One statement on both providers: the row of this hour is made or counted up, whichever node comes first.
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""INSERT INTO "WorkflowSendCounts" ("OrganizationId", "Channel", "HourUtc", "Count") VALUES ({organizationId}, {channel}, {hour}, {amount}) ON CONFLICT ("OrganizationId", "Channel", "HourUtc") DO UPDATE SET "Count" = "WorkflowSendCounts"."Count" + {amount}""",
            cancellationToken);
        context.RunCounts[channel] = inRun + amount;
    }

    public Task<string?> DescribeAsync(string organizationId, CancellationToken cancellationToken = default)
    {
        var l = options.Value;
        return Task.FromResult<string?>(string.Format(CultureInfo.InvariantCulture,
            "HTTP requests: at most {0:N0} per run, {1:N0} per hour and {2:N0} per day. Notifications: at most {3:N0} (users reached) per run, {4:N0} per hour and {5:N0} per day. A run that reaches one stops (faulted) and your global administrators are notified.",
            l.HttpRequestsPerRun, l.HttpRequestsPerHour, l.HttpRequestsPerDay, l.NotificationsPerRun, l.NotificationsPerHour, l.NotificationsPerDay));
    }

    private static DateTime HourOf(DateTime utc) => new(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, DateTimeKind.Utc);

    /// <summary>Faults the run with the reason and tells the organization's global administrators (at most once an hour).</summary>
    private async Task StopAsync(ActivityContext context, string reason, string what, CancellationToken cancellationToken)
    {
        await StopRunAsync(context, reason, "A workflow was stopped at a limit on " + what, NoticeSource, cancellationToken);
    }

    public async Task StopRunAsync(ActivityContext context, string reason, string title, string noticeSource, CancellationToken cancellationToken)
    {
        if (context.DryRun)
        {
            context.Journal["wouldStop"] = reason;
            return;
        }

        if (notifiers.FirstOrDefault() is { } notifications)
        {
            var told = await notifications.SentSinceAsync(context.OrganizationId, noticeSource, clock.GetUtcNow().UtcDateTime.AddHours(-1), cancellationToken);
            if (!told)
            {
                var administrators = (await users.GetUsersInRoleAsync(OrganizationRoles.PartnerGlobalAdministrator)).Where(u => u.OrganizationId == context.OrganizationId).Select(u => u.Id).ToList();
                notifications.Add(context.OrganizationId, administrators, title,
                    reason + " The run is faulted; nothing more was sent by it.", links.GetPathByAction(nameof(Controllers.WorkflowsController.Instance), "Workflows", new { id = context.InstanceId }), noticeSource);
            }
        }

        throw new WorkflowLimitException(reason);
    }
}
