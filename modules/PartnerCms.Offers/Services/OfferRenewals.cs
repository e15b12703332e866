using PartnerCms.Delegation.Services;
using PartnerCms.Offers.Models;

namespace PartnerCms.Offers.Services;

/// <summary>Renewals through delegated-administration offers (see <see cref="OfferService.RenewAsync"/>).</summary>
public sealed class OfferRenewals(OfferService offers) : IRelationshipRenewals
{
    public async Task<(string? QuoteId, string? Error)> RenewAsync(string partnerOrganizationId, string customerOrganizationId, string requestedBy, CancellationToken cancellationToken = default)
    {
        var result = await offers.RenewAsync(partnerOrganizationId, customerOrganizationId, requestedBy, cancellationToken);
        return result.Succeeded ? (result.Offer!.Get<OfferPart>().QuoteId, null) : (null, string.Join(" ", result.Errors.Values));
    }
}
