using PartnerCms.Core.Organizations;

namespace PartnerCms.Mail.Models;

public enum MailStatus
{
    /// <summary>Waiting for its first or next attempt.</summary>
    Queued = 0,

    Sent = 1,

    /// <summary>Every attempt failed; the operator may send it again.</summary>
    Failed = 2,
}

/// <summary>
/// One message in the mail outbox: written with the change that wants it sent (in the same transaction), then handed to
/// the SMTP server (or the pickup folder) by <see cref="Services.MailDispatcher"/> on whichever node claims it, with
/// retries and backoff. It belongs to the organization it is sent for (empty: the platform's own, e.g. the operator's
/// test message); the operator's page lists every organization's.
/// </summary>
public sealed class OutgoingMail : IOrganizationScoped
{
    public long Id { get; set; }

    /// <summary>Stable across attempts, so a message sent twice after a crash is recognisable as one.</summary>
    public required string MessageId { get; set; }

    /// <summary>The organization the message is sent for (its workflow, its offer); empty for the platform's own.</summary>
    public string OrganizationId { get; set; } = string.Empty;

    /// <summary>What queued it, for the operator: "Operator test", "Workflow …".</summary>
    public required string Source { get; set; }

    /// <summary>Recipients, separated by ", " (RFC 5322 addresses).</summary>
    public required string To { get; set; }

    public required string Subject { get; set; }

    public required string TextBody { get; set; }

    public string? HtmlBody { get; set; }

    /// <summary>The display name of the platform's sender for this message (a partner's name when its workflow sends); null: the platform's.</summary>
    public string? FromName { get; set; }

    /// <summary>Where replies go (the partner's address when its workflow sends), or null.</summary>
    public string? ReplyTo { get; set; }

    public MailStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime NextAttemptUtc { get; set; }

    public DateTime? SentUtc { get; set; }

    public string? LastError { get; set; }

    public string? LeasedBy { get; set; }

    public DateTime? LeasedUntilUtc { get; set; }
}
