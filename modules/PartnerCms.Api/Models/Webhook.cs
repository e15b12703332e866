using PartnerCms.Core.Organizations;

namespace PartnerCms.Api.Models;

/// <summary>An organization's webhook endpoint: where its chosen events are posted, signed with its secret.</summary>
public sealed class WebhookEndpoint : IOrganizationScoped
{
    public required string Id { get; set; }

    public required string OrganizationId { get; set; }

    public required string Url { get; set; }

    /// <summary>The event types it receives, separated by spaces.</summary>
    public required string EventTypes { get; set; }

    /// <summary>The signing secret ("whsec_" + base64), protected with Data Protection.</summary>
    public required string ProtectedSecret { get; set; }

    public string? Description { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>Why it was switched off by the portal (failing for too long), or null.</summary>
    public string? DisabledReason { get; set; }

    /// <summary>The first failure since the last success; failing for <c>Webhooks:DisableAfter</c> switches it off.</summary>
    public DateTime? FailingSinceUtc { get; set; }

    public DateTime CreatedUtc { get; set; }

    public required string CreatedBy { get; set; }

    public IReadOnlyList<string> EventTypeList => EventTypes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

public enum WebhookDeliveryStatus
{
    Pending,
    Succeeded,
    Failed,
}

/// <summary>
/// One event for one endpoint: kept as the endpoint's delivery log. Pending ones are claimed by one node at a time
/// (<see cref="ClaimedUntilUtc"/>) and retried with a doubling delay until they succeed or their time is up.
/// </summary>
public sealed class WebhookDelivery : IOrganizationScoped
{
    public long Id { get; set; }

    public required string OrganizationId { get; set; }

    public required string EndpointId { get; set; }

    /// <summary>The webhook-id header: the same on every attempt of this delivery (receivers de-duplicate with it).</summary>
    public required string MessageId { get; set; }

    public required string EventType { get; set; }

    /// <summary>The body, exactly as signed and sent.</summary>
    public required string Payload { get; set; }

    public WebhookDeliveryStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime NextAttemptUtc { get; set; }

    public DateTime? ClaimedUntilUtc { get; set; }

    public DateTime? LastAttemptUtc { get; set; }

    public int? LastStatusCode { get; set; }

    public int? LastDurationMs { get; set; }

    /// <summary>The first 2 KB of the last answer, or what went wrong (a timeout, a refused address).</summary>
    public string? LastResponse { get; set; }
}
