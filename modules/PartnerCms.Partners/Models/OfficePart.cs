using PartnerCms.Core.Addresses;
using PartnerCms.Core.Content;

namespace PartnerCms.Partners.Models;

/// <summary>A partner office; offers are associated with one (the wizard's "Partner office").</summary>
public sealed class OfficePart : ContentPart
{
    public const string ContentType = "Office";

    public string Name { get; set; } = string.Empty;

    /// <summary>The office's location ID in the vendor's partner network.</summary>
    public string LocationId { get; set; } = string.Empty;

    public PostalAddress Address { get; set; } = new();

    public string? Phone { get; set; }

    /// <summary>Retired offices stay on record (offers point at them) but are no longer offered for new work.</summary>
    public bool Retired { get; set; }
}
