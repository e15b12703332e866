using PartnerCms.Core.Addresses;
using PartnerCms.Core.Organizations;

namespace PartnerCms.Partners.Models;

/// <summary>
/// How customers reach the partner: shown on landing pages and partner-relationship pages, so every field is
/// validated. The company name itself is the organization's name.
/// </summary>
public sealed class CompanyInformation : IOrganizationScoped
{
    public string OrganizationId { get; set; } = string.Empty;

    public string Phone { get; set; } = string.Empty;

    public string Email { get; set; } = string.Empty;

    public string? WebSite { get; set; }

    public PostalAddress Address { get; set; } = new();

    public string? Description { get; set; }

    /// <summary>Optimistic concurrency: two administrators editing at once cannot overwrite each other unseen.</summary>
    public int Version { get; set; }

    public DateTime ModifiedUtc { get; set; }

    public string? ModifiedBy { get; set; }
}
