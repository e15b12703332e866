using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Data;
using PartnerCms.Core.Organizations;
using PartnerCms.Directory.Models;

namespace PartnerCms.Directory.Services;

/// <summary>An organization holding a subscription the partner advises is the partner's customer.</summary>
public sealed class AdvisedCustomers(PartnerCmsDbContext db) : IPartnerCustomers
{
    private const string Reason = "whether an organization holds a subscription a partner advises (the partner's own question about its customer)";

    public Task<bool> IsCustomerAsync(string partnerOrganizationId, string customerOrganizationId, CancellationToken cancellationToken = default) =>
        db.Set<Subscription>().AcrossOrganizations(Reason).AnyAsync(s => s.OrganizationId == customerOrganizationId && s.AdvisorOrganizationId == partnerOrganizationId, cancellationToken);
}
