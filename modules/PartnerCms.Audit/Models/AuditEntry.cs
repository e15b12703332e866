using PartnerCms.Core.Organizations;

namespace PartnerCms.Audit.Models;

/// <summary>
/// One audit entry, seen by the partner and the customer it is about (the organization filter lets either read it).
/// Entries form a chain per organization (<see cref="ChainId"/>: the customer, else the partner): each holds the hash of
/// the one before, so a changed or deleted row breaks the chain.
/// </summary>
public sealed class AuditEntry : IPartnerCustomerScoped
{
    public long Id { get; set; }

    public Guid EventId { get; set; }

    public required string ChainId { get; set; }

    public long Sequence { get; set; }

    public DateTime OccurredUtc { get; set; }

    public string? ActorUserId { get; set; }

    public required string ActorUserName { get; set; }

    public string? ActorOrganizationId { get; set; }

    /// <summary>The partner the entry is about ("" when none).</summary>
    public string PartnerOrganizationId { get; set; } = string.Empty;

    /// <summary>The customer the entry is about ("" when none).</summary>
    public string CustomerOrganizationId { get; set; } = string.Empty;

    public required string Action { get; set; }

    public string? Target { get; set; }

    public required string Outcome { get; set; }

    public string? IpAddress { get; set; }

    public required string PreviousHash { get; set; }

    public required string Hash { get; set; }
}

/// <summary>The last entry of each chain: deleting the newest rows is detected too.</summary>
public sealed class AuditChainHead
{
    public required string ChainId { get; set; }

    public long Sequence { get; set; }

    public required string Hash { get; set; }
}
