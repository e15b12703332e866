namespace PartnerCms.Core.Organizations;

public enum OrganizationKind
{
    Platform,
    Partner,
    Customer,
}

/// <summary>A tenant of the platform: the operator, a partner, or a customer.</summary>
public sealed class Organization
{
    public required string Id { get; set; }

    public required string Name { get; set; }

    public OrganizationKind Kind { get; set; }

    /// <summary>The partner's identity with the vendor; only partners have one. It is the advisor code in offer links.</summary>
    public string? PartnerId { get; set; }

    /// <summary>The usage location: the country or region where the organization uses the services (decides the catalog).</summary>
    public string? CountryOrRegion { get; set; }

    public DateTime CreatedUtc { get; set; }

    /// <summary>The organization's global administrator requires two-step sign-in of every user of the organization.</summary>
    public bool RequireTwoStepSignIn { get; set; }

    /// <summary>A partner's drafts (message templates, branding) are published only after a colleague approves them.</summary>
    public bool RequireContentReview { get; set; }

    public List<OrganizationDomain> Domains { get; set; } = [];

    public string? PrimaryDomain => Domains.FirstOrDefault(d => d.IsPrimary)?.Name;
}

/// <summary>A DNS domain an organization owns; unique across the platform, compared case-insensitively.</summary>
public sealed class OrganizationDomain : IOrganizationScoped
{
    public int Id { get; set; }

    public required string OrganizationId { get; set; }

    public required string Name { get; set; }

    /// <summary>Lower-case form; the unique key lookups use.</summary>
    public required string NormalizedName { get; set; }

    public bool IsPrimary { get; set; }

    public static string Normalize(string domain) => domain.Trim().TrimEnd('.').ToLowerInvariant();
}

/// <summary>Marks data that belongs to one organization; every query of it is filtered to the caller's organization.</summary>
public interface IOrganizationScoped
{
    string OrganizationId { get; set; }
}

/// <summary>
/// A row two organizations share, a partner and one of its customers (a service request): each of them sees it, no one
/// else. Covered by the organization filter like <see cref="IOrganizationScoped"/>.
/// </summary>
public interface IPartnerCustomerScoped
{
    string PartnerOrganizationId { get; }

    string CustomerOrganizationId { get; }
}
