using MimeKit;
using PartnerCms.Core.Data;
using PartnerCms.Mail.Models;

namespace PartnerCms.Mail.Services;

/// <summary>What a module asks to send.</summary>
public sealed record MailRequest(
    IReadOnlyList<string> To, string Subject, string TextBody, string Source, string? HtmlBody = null, string? OrganizationId = null, string? FromName = null, string? ReplyTo = null);

/// <summary>
/// Puts messages into the mail outbox. <see cref="Add"/> adds the row to the caller's unit of work, so the message is
/// sent if and only if the caller's change commits; <see cref="QueueAsync"/> saves at once. Recipients, subject and body
/// are checked first (a bad address is the caller's error, not a delivery failure).
/// </summary>
public sealed class MailQueue(PartnerCmsDbContext db, MailSignal signal, TimeProvider clock)
{
    public const int MaxRecipients = 50;
    public const int MaxSubjectLength = 300;
    public const int MaxBodyLength = 256 * 1024;

    /// <summary>What is wrong with the request, or null. Addresses must be plain mailbox addresses (name &lt;address&gt; or address).</summary>
    public static string? Validate(MailRequest request)
    {
        if (request.To.Count == 0)
        {
            return "Give at least one recipient.";
        }

        if (request.To.Count > MaxRecipients)
        {
            return $"Give at most {MaxRecipients} recipients.";
        }

        foreach (var to in request.To)
        {
            if (ParseAddress(to) is null)
            {
                return $"'{Shorten(to)}' is not an e-mail address.";
            }
        }

        if (string.IsNullOrWhiteSpace(request.Subject) || request.Subject.Length > MaxSubjectLength || request.Subject.Any(char.IsControl))
        {
            return $"Give a subject of one line, at most {MaxSubjectLength} characters.";
        }

        if (request.TextBody.Length > MaxBodyLength || (request.HtmlBody?.Length ?? 0) > MaxBodyLength)
        {
            return $"The message is longer than {MaxBodyLength / 1024} KB.";
        }

        return null;
    }

    /// <summary>A mailbox address, or null: one address, no group, an @ with something on both sides.</summary>
    public static MailboxAddress? ParseAddress(string? text) =>
        !string.IsNullOrWhiteSpace(text) && text.Length <= 320 && !text.Any(char.IsControl)
        && MailboxAddress.TryParse(ParserOptions.Default, text.Trim(), out var address)
        && address.Address.IndexOf('@') is > 0 and var at && at < address.Address.Length - 1
            ? address
            : null;

    /// <summary>Adds the message to the caller's unit of work (sent once the caller's SaveChanges commits).</summary>
    public OutgoingMail Add(MailRequest request)
    {
        if (Validate(request) is { } problem)
        {
            throw new ArgumentException(problem, nameof(request));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var mail = new OutgoingMail
        {
            MessageId = $"{Guid.NewGuid():N}@partnercms",
            OrganizationId = request.OrganizationId ?? string.Empty,
            Source = Shorten(request.Source, 200),
            To = string.Join(", ", request.To.Select(t => ParseAddress(t)!.ToString())),
            Subject = request.Subject.Trim(),
            TextBody = request.TextBody,
            HtmlBody = request.HtmlBody,
            FromName = request.FromName is { Length: > 0 } name ? Shorten(new string(name.Where(c => !char.IsControl(c)).ToArray()), 200) : null,
            ReplyTo = ParseAddress(request.ReplyTo)?.Address,
            Status = MailStatus.Queued,
            CreatedUtc = now,
            NextAttemptUtc = now,
        };
        db.Add(mail);
        PartnerCms.Core.Events.OutboxSaveInterceptor.WakeAfterCommit(db, signal);
        return mail;
    }

    /// <summary>Queues and saves now, and wakes this node's sender.</summary>
    public async Task<OutgoingMail> QueueAsync(MailRequest request, CancellationToken cancellationToken = default)
    {
        var mail = Add(request);
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return mail;
    }

    private static string Shorten(string text, int length = 80) => text.Length <= length ? text : text[..length] + "…";
}

/// <summary>Wakes this node's <see cref="MailDispatcher"/> when it queued mail, so sending does not wait for the next poll.</summary>
public sealed class MailSignal : PartnerCms.Core.Events.WakeSignal;
