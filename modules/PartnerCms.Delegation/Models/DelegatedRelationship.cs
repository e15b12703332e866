using PartnerCms.Core.Content;

namespace PartnerCms.Delegation.Models;

public enum RelationshipStatus
{
    Active,
    Removed,
}

/// <summary>
/// A customer made a partner its delegated administrator (R15). The content item belongs to the customer; the partner
/// reads it through <see cref="DelegatedRelationshipIndex"/>.
/// </summary>
public sealed class DelegatedRelationshipPart : ContentPart
{
    public const string ContentType = "DelegatedRelationship";

    public string PartnerOrganizationId { get; set; } = string.Empty;

    public string CustomerOrganizationId { get; set; } = string.Empty;

    public RelationshipStatus Status { get; set; }

    public DateTime AcceptedUtc { get; set; }

    public string? AcceptedBy { get; set; }

    public DateTime? RemovedUtc { get; set; }

    public string? RemovedBy { get; set; }
}

/// <summary>One row per partner and customer pair.</summary>
public sealed class DelegatedRelationshipIndex : ContentIndex
{
    public string PartnerOrganizationId { get; set; } = string.Empty;

    public string CustomerOrganizationId { get; set; } = string.Empty;

    public bool Active { get; set; }
}

public sealed class DelegatedRelationshipIndexProvider : ContentIndexProvider<DelegatedRelationshipIndex>
{
    public override string ContentType => DelegatedRelationshipPart.ContentType;

    protected override void Map(ContentItem item, DelegatedRelationshipIndex index)
    {
        var part = item.Get<DelegatedRelationshipPart>();
        index.PartnerOrganizationId = part.PartnerOrganizationId;
        index.CustomerOrganizationId = part.CustomerOrganizationId;
        index.Active = part.Status == RelationshipStatus.Active;
    }
}
