using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using PartnerCms.Core.Data;
using PartnerCms.Core.Jobs;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Telemetry;
using PartnerCms.Mail.Models;

namespace PartnerCms.Mail.Services;

/// <summary>
/// Sends queued mail, on every node that dispatches: claims due messages with a conditional UPDATE per row (so of
/// several nodes exactly one takes each), sends the batch over one SMTP connection (or into the pickup folder), and
/// marks each sent, or schedules its next attempt with backoff, or marks it failed after the last. A node that dies
/// while sending lets its lease run out and another node sends the message (at least once; its Message-Id is the same).
/// </summary>
public sealed class MailDispatcher(
    IServiceScopeFactory scopes,
    IMailTransport transport,
    MailSignal signal,
    IOptionsMonitor<MailOptions> options,
    IOptions<JobOptions> jobOptions,
    TimeProvider clock,
    ILogger<MailDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.CurrentValue.Dispatch)
        {
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var claimed = 0;
                try
                {
                    claimed = await SendDueAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Looking for mail to send failed; trying again.");
                }

                if (claimed == 0)
                {
                    await signal.WaitAsync(options.CurrentValue.PollInterval, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Claims and sends one batch of due messages; returns how many were claimed. Public for tests and tools.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        await using var scope = scopes.CreateAsyncScope();
        using var system = scope.ServiceProvider.GetRequiredService<ICurrentOrganization>().RunAsSystem();
        var db = scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>();
        var mails = await ClaimAsync(db, settings, cancellationToken);
        if (mails.Count == 0)
        {
            return 0;
        }

        IMailSession? session = null;
        string? connectError = null;
        try
        {
            session = await transport.OpenAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            connectError = $"{transport.Describe()}: {ex.GetType().Name}: {ex.Message}";
            logger.LogWarning(ex, "Could not reach the {Transport} for {Count} messages.", transport.Describe(), mails.Count);
        }

        await using (session)
        {
            foreach (var mail in mails)
            {
                var error = connectError;
                if (session is not null)
                {
                    try
                    {
                        await session.SendAsync(ToMime(mail, settings.From), cancellationToken);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        error = $"{ex.GetType().Name}: {ex.Message}";
                        logger.LogWarning(ex, "Sending mail {Id} failed on attempt {Attempt}.", mail.Id, mail.Attempts + 1);
                    }
                }

                await RecordAsync(db, mail, error, settings, cancellationToken);
            }
        }

        return mails.Count;
    }

    private async Task<List<OutgoingMail>> ClaimAsync(PartnerCmsDbContext db, MailOptions settings, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + settings.Lease;
        var node = jobOptions.Value.Node;
        var candidates = await db.Set<OutgoingMail>().AsNoTracking()
            .Where(m => m.Status == MailStatus.Queued && m.NextAttemptUtc <= now && (m.LeasedUntilUtc == null || m.LeasedUntilUtc < now))
            .OrderBy(m => m.Id).Select(m => m.Id).Take(Math.Max(1, settings.BatchSize)).ToListAsync(cancellationToken);
        var mine = new List<long>(candidates.Count);
        foreach (var id in candidates)
        {
            if (await db.Set<OutgoingMail>()
                    .Where(m => m.Id == id && m.Status == MailStatus.Queued && (m.LeasedUntilUtc == null || m.LeasedUntilUtc < now))
                    .ExecuteUpdateAsync(set => set.SetProperty(m => m.LeasedBy, node).SetProperty(m => m.LeasedUntilUtc, until), cancellationToken) == 1)
            {
                mine.Add(id);
            }
        }

        return await db.Set<OutgoingMail>().AsNoTracking().Where(m => mine.Contains(m.Id)).OrderBy(m => m.Id).ToListAsync(cancellationToken);
    }

    private async Task RecordAsync(PartnerCmsDbContext db, OutgoingMail mail, string? error, MailOptions settings, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var attempts = mail.Attempts + 1;
        var node = jobOptions.Value.Node;
        var row = db.Set<OutgoingMail>().Where(m => m.Id == mail.Id && m.LeasedBy == node);
        if (error is null)
        {
            await row.ExecuteUpdateAsync(set => set
                .SetProperty(m => m.Status, MailStatus.Sent).SetProperty(m => m.SentUtc, now).SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.LastError, (string?)null).SetProperty(m => m.LeasedBy, (string?)null).SetProperty(m => m.LeasedUntilUtc, (DateTime?)null),
                CancellationToken.None);
            PartnerCmsTelemetry.MailsSent.Add(1, new KeyValuePair<string, object?>("source", mail.Source.Split(' ')[0]));
            return;
        }

        var failed = attempts >= Math.Max(1, settings.MaxAttempts);
        var next = now + Backoff.After(attempts, settings.RetryDelay, settings.MaxRetryDelay);
        var shortError = error.Length <= 2000 ? error : error[..2000];
        await row.ExecuteUpdateAsync(set => set
            .SetProperty(m => m.Status, failed ? MailStatus.Failed : MailStatus.Queued).SetProperty(m => m.Attempts, attempts)
            .SetProperty(m => m.NextAttemptUtc, next).SetProperty(m => m.LastError, shortError)
            .SetProperty(m => m.LeasedBy, (string?)null).SetProperty(m => m.LeasedUntilUtc, (DateTime?)null),
            CancellationToken.None);
        if (failed)
        {
            logger.LogError("Mail {Id} to {To} failed after {Attempts} attempts: {Error}", mail.Id, mail.To, attempts, shortError);
        }
    }

    /// <summary>The MIME message of an outbox row: text, and HTML when there is some, with the row's stable Message-Id and its date (the same on every attempt).</summary>
    public static MimeMessage ToMime(OutgoingMail mail, string from)
    {
        var message = new MimeMessage { Subject = mail.Subject, MessageId = mail.MessageId, Date = new DateTimeOffset(DateTime.SpecifyKind(mail.CreatedUtc, DateTimeKind.Utc)) };
        var sender = MailQueue.ParseAddress(from) ?? new MailboxAddress("PartnerCms", "no-reply@partnercms.example");
        // Always the platform's own address (the one its mail server vouches for); a partner's mail shows the partner's name and takes replies.
        message.From.Add(mail.FromName is { Length: > 0 } name ? new MailboxAddress(name, sender.Address) : sender);
        if (MailQueue.ParseAddress(mail.ReplyTo) is { } replyTo)
        {
            message.ReplyTo.Add(replyTo);
        }

        message.To.AddRange(InternetAddressList.Parse(mail.To));
        var body = new BodyBuilder { TextBody = mail.TextBody, HtmlBody = mail.HtmlBody };
        message.Body = body.ToMessageBody();
        return message;
    }
}
