using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PartnerCms.Core.Data;
using PartnerCms.Core.Jobs;
using PartnerCms.Mail.Models;

namespace PartnerCms.Mail.Services;

/// <summary>The operator's view of the mail outbox: counts, the newest messages (by status), and sending a failed one again.</summary>
public sealed class MailAdministration(PartnerCmsDbContext db, MailSignal signal, TimeProvider clock)
{
    public const int PageSize = 50;

    private const string Operator = "the platform operator sees and resends every organization's outgoing mail";

    private IQueryable<OutgoingMail> Mails => db.Set<OutgoingMail>().AcrossOrganizations(Operator);

    public async Task<IReadOnlyDictionary<MailStatus, int>> CountsAsync(CancellationToken cancellationToken = default) =>
        await Mails.GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);

    /// <summary>One page of messages, newest first, and how many match.</summary>
    public async Task<(IReadOnlyList<OutgoingMail> Mails, int Total)> ListAsync(MailStatus? status, int page, CancellationToken cancellationToken = default)
    {
        var query = Mails.AsNoTracking();
        if (status is { } wanted)
        {
            query = query.Where(m => m.Status == wanted);
        }

        var total = await query.CountAsync(cancellationToken);
        var mails = await query.OrderByDescending(m => m.Id).Skip((Math.Max(1, page) - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
        return (mails, total);
    }

    /// <summary>A failed message is queued again with fresh attempts; false if it is not failed (sent meanwhile, or no such message).</summary>
    public async Task<bool> RetryAsync(long id, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await Mails.Where(m => m.Id == id && m.Status == MailStatus.Failed)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.Status, MailStatus.Queued).SetProperty(m => m.Attempts, 0).SetProperty(m => m.NextAttemptUtc, now), cancellationToken);
        if (changed == 1)
        {
            signal.Notify();
        }

        return changed == 1;
    }
}

/// <summary>Deletes sent messages older than <see cref="MailOptions.KeepSentDays"/>; failed ones stay until the operator acts.</summary>
public sealed class PruneSentMailJob(IOptions<MailOptions> options, TimeProvider clock) : IRecurringJob
{
    public string Name => "mail:prune";

    public TimeSpan Interval => TimeSpan.FromHours(6);

    public async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow().UtcDateTime.AddDays(-Math.Max(1, options.Value.KeepSentDays));
        await services.GetRequiredService<PartnerCmsDbContext>().Set<OutgoingMail>().AcrossOrganizations("pruning covers every organization's sent mail")
            .Where(m => m.Status == MailStatus.Sent && m.SentUtc < before).ExecuteDeleteAsync(cancellationToken);
    }
}
