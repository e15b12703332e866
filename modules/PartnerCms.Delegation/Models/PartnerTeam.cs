using PartnerCms.Core.Organizations;

namespace PartnerCms.Delegation.Models;

/// <summary>
/// A group of a partner's users (e.g. "Helpdesk") that the partner's global administrator assigns, per customer, to some
/// of the roles the customer approved. The two built-in teams, Full and Limited administration, are not rows: their
/// members are the users given Full or Limited on the Users page, and they hold the Full or Limited bundle on every
/// relationship that approved it.
/// </summary>
public sealed class PartnerTeam : IOrganizationScoped
{
    public string Id { get; set; } = Guid.NewGuid().ToString("N");

    /// <summary>The partner's organization.</summary>
    public string OrganizationId { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string? Description { get; set; }

    public DateTime CreatedUtc { get; set; }

    public List<PartnerTeamMember> Members { get; set; } = [];
}

public sealed class PartnerTeamMember : IOrganizationScoped
{
    public string TeamId { get; set; } = string.Empty;

    public string UserId { get; set; } = string.Empty;

    public string OrganizationId { get; set; } = string.Empty;
}

/// <summary>A team holds one approved role in one customer.</summary>
public sealed class PartnerTeamAssignment : IOrganizationScoped
{
    public long Id { get; set; }

    /// <summary>The partner's organization.</summary>
    public string OrganizationId { get; set; } = string.Empty;

    public string CustomerOrganizationId { get; set; } = string.Empty;

    public string TeamId { get; set; } = string.Empty;

    public string Role { get; set; } = string.Empty;
}

/// <summary>A label the partner gives one of its customers (for the My customers list).</summary>
public sealed class PartnerCustomerTag : IOrganizationScoped
{
    public long Id { get; set; }

    public string OrganizationId { get; set; } = string.Empty;

    public string CustomerOrganizationId { get; set; } = string.Empty;

    public string Tag { get; set; } = string.Empty;
}
