namespace PartnerCms.Api.Services;

/// <summary>Webhook settings (section "Webhooks").</summary>
public sealed class WebhookOptions
{
    /// <summary>Allow http:// endpoints (https is required otherwise).</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Allow endpoints on loopback, private, link-local and other special-purpose addresses (tests, closed networks).</summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>The delay before the first retry; each further retry waits twice as long.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a delivery is retried before it is given up (failed).</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>An endpoint failing for this long without a success is switched off and its administrators told.</summary>
    public TimeSpan DisableAfter { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often each node looks for due deliveries (a new event wakes this node at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether this node delivers webhooks.</summary>
    public bool Dispatch { get; set; } = true;

    /// <summary>Deliveries one organization may cause per hour (more are recorded as not sent).</summary>
    public int DeliveriesPerHour { get; set; } = 10_000;

    public int MaxEndpointsPerOrganization { get; set; } = 20;

    /// <summary>Deliveries one node sends at once.</summary>
    public int BatchSize { get; set; } = 20;
}
