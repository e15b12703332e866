namespace PartnerCms.Delegation.Services;

/// <summary>
/// Renew: sends the customer a new request with the relationship's roles (an offer with its own link and message). The
/// offers module answers; without it there is no way to send a request and My customers offers no Renew.
/// </summary>
public interface IRelationshipRenewals
{
    /// <summary>The renewal offer's Quote ID, or why it could not be made.</summary>
    Task<(string? QuoteId, string? Error)> RenewAsync(string partnerOrganizationId, string customerOrganizationId, string requestedBy, CancellationToken cancellationToken = default);
}
