using PartnerCms.Core.Organizations;

namespace PartnerCms.Directory.Models;

public enum SubscriptionStatus
{
    Active,
    Cancelled,
}

/// <summary>An organization's subscription to a catalog SKU: how many user licences, trial or paid, and the advising partner.</summary>
public sealed class Subscription : IOrganizationScoped
{
    public string Id { get; set; } = string.Empty;

    public string OrganizationId { get; set; } = string.Empty;

    public string SkuCode { get; set; } = string.Empty;

    public string SkuName { get; set; } = string.Empty;

    public int LicenceCount { get; set; }

    public bool IsTrial { get; set; }

    public DateTime StartUtc { get; set; }

    public DateTime? EndUtc { get; set; }

    /// <summary>The partner organization recorded as subscription advisor, if any.</summary>
    public string? AdvisorOrganizationId { get; set; }

    public SubscriptionStatus Status { get; set; }

    public DateTime? CancelledUtc { get; set; }

    /// <summary>Optimistic concurrency for licence changes and cancellation.</summary>
    public int Version { get; set; }
}
