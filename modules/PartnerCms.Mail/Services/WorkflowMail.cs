using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Data;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Themes;
using PartnerCms.Mail.Models;
using PartnerCms.Workflows.Abstractions;

namespace PartnerCms.Mail.Services;

/// <summary>How much mail workflows may send: the platform operator sets it, every partner sees it on its workflows page.</summary>
public sealed class WorkflowMailLimits
{
    public int MessagesPerRun { get; set; } = 10;

    public int RecipientsPerMessage { get; set; } = 20;

    public int MessagesPerHour { get; set; } = 200;

    public int MessagesPerDay { get; set; } = 1000;

    /// <summary>Whether workflows may write to anyone, not only the organization's users and its customers' users.</summary>
    public bool AllowOutsideRecipients { get; set; }

    /// <summary>What is wrong with these limits, by field, or empty.</summary>
    public Dictionary<string, string> Check()
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (MessagesPerRun is < 1 or > 1000)
        {
            errors[nameof(MessagesPerRun)] = "Give a number from 1 to 1,000.";
        }

        if (RecipientsPerMessage < 1 || RecipientsPerMessage > MailQueue.MaxRecipients)
        {
            errors[nameof(RecipientsPerMessage)] = $"Give a number from 1 to {MailQueue.MaxRecipients}.";
        }

        if (MessagesPerHour is < 1 or > 100_000)
        {
            errors[nameof(MessagesPerHour)] = "Give a number from 1 to 100,000.";
        }

        if (MessagesPerDay is < 1 or > 1_000_000)
        {
            errors[nameof(MessagesPerDay)] = "Give a number from 1 to 1,000,000.";
        }
        else if (MessagesPerDay < MessagesPerHour)
        {
            errors[nameof(MessagesPerDay)] = "A day allows at least as many messages as an hour.";
        }

        return errors;
    }

    public string Describe() => string.Format(CultureInfo.InvariantCulture,
        "Workflow e-mail (Send e-mail, Send offer invitation): at most {0:N0} messages per run, {1:N0} recipients per message, {2:N0} messages per hour and {3:N0} per day for your organization; Send e-mail writes {4} (an offer invitation may go to any prospect). The platform operator sets these limits; a run that reaches one stops (faulted) and your global administrators are notified.",
        MessagesPerRun, RecipientsPerMessage, MessagesPerHour, MessagesPerDay,
        AllowOutsideRecipients ? "to any address" : "only to your organization's users and your customers' users");
}

/// <summary>
/// Mail a workflow sends: from the platform's address with the partner's name and its address for replies, within the
/// operator's limits per run, per message and per organization per hour and day (counted in the shared outbox, so every
/// node sees the same count), and only to the organization's users and its customers' users unless the operator allows
/// others. A limit reached faults the run and tells the organization's global administrators (once an hour).
/// </summary>
public sealed class WorkflowMail(
    PartnerCmsDbContext db, MailQueue queue, TimeProvider clock, IEnumerable<IPartnerCustomers> customers, IServiceProvider services) : IWorkflowLimitsNotice
{
    public const string SettingKey = "Mail:WorkflowLimits";
    private const string NoticeSource = "Workflow mail limits";
    private const string Reason = "a workflow's mail is counted and addressed against its own organization, its users and its customers' users";

    public async Task<WorkflowMailLimits> LimitsAsync(CancellationToken cancellationToken = default)
    {
        var json = await db.Set<SiteSetting>().AsNoTracking().Where(s => s.Key == SettingKey).Select(s => s.Value).FirstOrDefaultAsync(cancellationToken);
        try
        {
            return json is null ? new WorkflowMailLimits() : JsonSerializer.Deserialize<WorkflowMailLimits>(json) ?? new WorkflowMailLimits();
        }
        catch (JsonException)
        {
            return new WorkflowMailLimits();
        }
    }

    /// <summary>Saves the operator's limits (they apply to the next message any workflow sends, on every node).</summary>
    public async Task<Dictionary<string, string>> SaveLimitsAsync(WorkflowMailLimits limits, string by, CancellationToken cancellationToken = default)
    {
        var errors = limits.Check();
        if (errors.Count > 0)
        {
            return errors;
        }

        var setting = await db.Set<SiteSetting>().FirstOrDefaultAsync(s => s.Key == SettingKey, cancellationToken);
        if (setting is null)
        {
            db.Add(setting = new SiteSetting { Key = SettingKey });
        }

        setting.Value = JsonSerializer.Serialize(limits);
        setting.UpdatedUtc = clock.GetUtcNow().UtcDateTime;
        setting.UpdatedBy = by;
        await db.SaveChangesAsync(cancellationToken);
        return errors;
    }

    public async Task<string?> DescribeAsync(string organizationId, CancellationToken cancellationToken = default) => (await LimitsAsync(cancellationToken)).Describe();

    /// <summary>
    /// Checks the message against the limits and queues it with the run's change. A dry run sends nothing and stops at
    /// nothing: it records in the journal what a real run would be stopped by. Returns the message id, or null in a dry run.
    /// <paramref name="anyRecipient"/>: the message is the partner's published offer invitation (its template and signed
    /// link), which goes to prospects by nature; every count limit still applies.
    /// </summary>
    public async Task<string?> SendAsync(ActivityContext context, IReadOnlyList<string> to, string subject, string body, CancellationToken cancellationToken, bool anyRecipient = false)
    {
        var organizationId = context.OrganizationId;
        var source = $"Workflow {context.WorkflowTypeId}, run {context.InstanceId}";
        var name = await db.Organizations.AcrossOrganizations(Reason).AsNoTracking().Where(o => o.Id == organizationId).Select(o => o.Name).FirstOrDefaultAsync(cancellationToken);
        var replyTo = services.GetService<IOrganizationContacts>() is { } contacts ? await contacts.EmailAsync(organizationId, cancellationToken) : null;
        var request = new MailRequest(to, subject, body, source, OrganizationId: organizationId, FromName: name, ReplyTo: replyTo);
        if (MailQueue.Validate(request) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        var limits = await LimitsAsync(cancellationToken);
        if (to.Count > limits.RecipientsPerMessage)
        {
            await StopAsync(context, $"The message has {to.Count} recipients; the limit is {limits.RecipientsPerMessage} per message.", cancellationToken);
        }

        if (!limits.AllowOutsideRecipients && !anyRecipient && await FirstOutsiderAsync(organizationId, to, cancellationToken) is { } outsider)
        {
            await StopAsync(context, $"{outsider} is neither a user of your organization nor of one of your customers; the platform operator allows workflow mail only to those.", cancellationToken);
        }

        if (context.DryRun)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (await CountAsync(m => m.OrganizationId == organizationId && m.Source == source, m => m.OrganizationId == organizationId && m.Source == source, limits.MessagesPerRun, cancellationToken) >= limits.MessagesPerRun)
        {
            await StopAsync(context, $"This run has sent {limits.MessagesPerRun} messages, the limit per run. Does it loop?", cancellationToken);
        }

        var hourAgo = now.AddHours(-1);
        if (await CountAsync(m => m.OrganizationId == organizationId && m.CreatedUtc > hourAgo, m => m.OrganizationId == organizationId && m.CreatedUtc > hourAgo, limits.MessagesPerHour, cancellationToken) >= limits.MessagesPerHour)
        {
            await StopAsync(context, $"Your organization's workflows have sent {limits.MessagesPerHour:N0} messages in the last hour, the limit per hour.", cancellationToken);
        }

        var dayAgo = now.AddDays(-1);
        if (await CountAsync(m => m.OrganizationId == organizationId && m.CreatedUtc > dayAgo, m => m.OrganizationId == organizationId && m.CreatedUtc > dayAgo, limits.MessagesPerDay, cancellationToken) >= limits.MessagesPerDay)
        {
            await StopAsync(context, $"Your organization's workflows have sent {limits.MessagesPerDay:N0} messages in the last 24 hours, the limit per day.", cancellationToken);
        }

        return queue.Add(request).MessageId;
    }

    /// <summary>
    /// Saved rows (<paramref name="saved"/>, run by the database) and the ones this run added and has not saved yet
    /// (<paramref name="unsaved"/>, the same condition compiled by C#: compiling the expression per message cost a third
    /// of a workflow execution's CPU in the trace). Counts no further than <paramref name="limit"/>: whether the limit is
    /// reached is all the caller asks, and a count of every message of the day grew with the day's mail.
    /// </summary>
    private async Task<int> CountAsync(System.Linq.Expressions.Expression<Func<OutgoingMail, bool>> saved, Func<OutgoingMail, bool> unsaved, int limit, CancellationToken cancellationToken) =>
        await db.Set<OutgoingMail>().AcrossOrganizations(Reason).Where(saved).OrderBy(m => m.CreatedUtc).Take(limit).CountAsync(cancellationToken)
        + db.ChangeTracker.Entries<OutgoingMail>().Count(e => e.State == EntityState.Added && unsaved(e.Entity));

    private async Task<string?> FirstOutsiderAsync(string organizationId, IReadOnlyList<string> to, CancellationToken cancellationToken)
    {
        var addresses = to.Select(t => MailQueue.ParseAddress(t)!.Address).ToList();
        var normalized = addresses.Select(a => a.ToUpperInvariant()).Distinct(StringComparer.Ordinal).ToList();
        var owners = await db.Set<PartnerCmsUser>().AcrossOrganizations(Reason).AsNoTracking()
            .Where(u => u.NormalizedEmail != null && normalized.Contains(u.NormalizedEmail)).Select(u => new { u.NormalizedEmail, u.OrganizationId }).ToListAsync(cancellationToken);
        var isCustomer = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var address in addresses)
        {
            var allowed = false;
            foreach (var owner in owners.Where(o => string.Equals(o.NormalizedEmail, address, StringComparison.OrdinalIgnoreCase)).Select(o => o.OrganizationId))
            {
                if (owner == organizationId)
                {
                    allowed = true;
                    break;
                }

                if (!isCustomer.TryGetValue(owner, out var known))
                {
                    known = false;
                    foreach (var source in customers)
                    {
                        if (await source.IsCustomerAsync(organizationId, owner, cancellationToken))
                        {
                            known = true;
                            break;
                        }
                    }

                    isCustomer[owner] = known;
                }

                if (known)
                {
                    allowed = true;
                    break;
                }
            }

            if (!allowed)
            {
                return address;
            }
        }

        return null;
    }

    /// <summary>Faults the run with the reason and tells the organization's global administrators (at most once an hour).</summary>
    private Task StopAsync(ActivityContext context, string reason, CancellationToken cancellationToken) =>
        services.GetRequiredService<IWorkflowSendQuota>().StopRunAsync(context, reason, "A workflow was stopped at a mail limit", NoticeSource, cancellationToken);
}
