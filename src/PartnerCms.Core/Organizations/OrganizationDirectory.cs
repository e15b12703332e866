using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Data;

namespace PartnerCms.Core.Organizations;

/// <summary>Reads organizations; the caller's own one is loaded once per request.</summary>
public sealed class OrganizationDirectory(PartnerCmsDbContext db, ICurrentOrganization currentOrganization)
{
    private Organization? _current;

    public async Task<Organization?> GetCurrentAsync(CancellationToken cancellationToken = default)
    {
        if (_current is null && currentOrganization.OrganizationId is { } id)
        {
            _current = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        }

        return _current;
    }
}
