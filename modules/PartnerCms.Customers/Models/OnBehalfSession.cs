using PartnerCms.Core.Accounts;
using PartnerCms.Core.Organizations;

namespace PartnerCms.Customers.Models;

/// <summary>
/// An "Administer on behalf of" session (R18–R21): one partner user in one customer's account portal, kept on the server
/// (the browser holds only its id), so it can be ended from the server at once.
/// </summary>
public sealed class OnBehalfSession : IPartnerCustomerScoped
{
    public required string Id { get; set; }

    public required string UserId { get; set; }

    public required string UserName { get; set; }

    public required string PartnerOrganizationId { get; set; }

    public required string CustomerOrganizationId { get; set; }

    /// <summary>The user's built-in team when the session started; a change ends the session.</summary>
    public DelegatedAccess Level { get; set; }

    /// <summary>The delegated roles the user held in the customer when the session started (each request reads them anew).</summary>
    public string Roles { get; set; } = string.Empty;

    public DateTime StartedUtc { get; set; }

    /// <summary>The second step the partner user passed before starting the session ("authenticator", "passkey", "recovery code"), if any.</summary>
    public string? SecondStepMethod { get; set; }

    public DateTime LastSeenUtc { get; set; }

    public DateTime? EndedUtc { get; set; }

    public string? EndReason { get; set; }
}
