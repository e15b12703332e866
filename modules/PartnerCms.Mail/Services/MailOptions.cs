using MailKit.Security;

namespace PartnerCms.Mail.Services;

/// <summary>The <c>Mail</c> section. Without <c>Mail:Smtp:Host</c> messages are written to <see cref="PickupFolder"/>.</summary>
public sealed class MailOptions
{
    /// <summary>The sender of every message.</summary>
    public string From { get; set; } = "PartnerCms <no-reply@partnercms.example>";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Where messages go as .eml files when no SMTP host is configured (relative: under the content root).</summary>
    public string PickupFolder { get; set; } = "App_Data/mail-pickup";

    /// <summary>Whether this node sends queued mail (a node may only serve requests).</summary>
    public bool Dispatch { get; set; } = true;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; set; } = 50;

    /// <summary>After this many failed attempts a message is marked failed.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait before the second attempt; it doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a claimed message is this node's; after that another node may send it (this one died).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Sent messages are deleted after this many days.</summary>
    public int KeepSentDays { get; set; } = 30;
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>Auto (STARTTLS when offered), None, StartTls, SslOnConnect, StartTlsWhenAvailable.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
