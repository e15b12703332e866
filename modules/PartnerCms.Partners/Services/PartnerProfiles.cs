using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Data;
using PartnerCms.Partners.Models;

namespace PartnerCms.Partners.Services;

/// <summary>
/// What other modules may read of a partner (its company information and offices), by partner organization id. Other
/// modules go through this instead of the partners module's tables, so the module can change how it stores them.
/// </summary>
public sealed class PartnerProfiles(PartnerCmsDbContext db) : PartnerCms.Core.Organizations.IOrganizationContacts
{
    public async Task<string?> EmailAsync(string organizationId, CancellationToken cancellationToken = default) =>
        await db.Set<CompanyInformation>().ForOrganization(organizationId).AsNoTracking().Select(c => c.Email).FirstOrDefaultAsync(cancellationToken) is { Length: > 0 } email ? email : null;

    public Task<CompanyInformation?> CompanyInformationAsync(string partnerOrganizationId, CancellationToken cancellationToken = default) =>
        db.Set<CompanyInformation>().ForOrganization(partnerOrganizationId).AsNoTracking().FirstOrDefaultAsync(cancellationToken);

    /// <summary>Several partners' company information at once, across organizations for the reason given (e.g. a customer's partner list).</summary>
    public async Task<IReadOnlyDictionary<string, CompanyInformation>> CompanyInformationOfAsync(IReadOnlyCollection<string> partnerOrganizationIds, string reason, CancellationToken cancellationToken = default) =>
        await db.Set<CompanyInformation>().AcrossOrganizations(reason).AsNoTracking()
            .Where(c => partnerOrganizationIds.Contains(c.OrganizationId)).ToDictionaryAsync(c => c.OrganizationId, StringComparer.Ordinal, cancellationToken);

    /// <summary>One office of the partner (null if it is not the partner's, or retired unless <paramref name="includeRetired"/>).</summary>
    public Task<OfficeSummary?> OfficeAsync(string partnerOrganizationId, string officeId, bool includeRetired, CancellationToken cancellationToken = default) =>
        db.Set<OfficeIndex>().ForOrganization(partnerOrganizationId).AsNoTracking()
            .Where(o => o.ContentItemId == officeId && (includeRetired || !o.Retired))
            .Select(o => new OfficeSummary(o.ContentItemId, o.Name, o.LocationId, o.City, o.CountryOrRegion, o.Retired))
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>The partner's offices in service (not retired), ordered by name: its public page lists them.</summary>
    public async Task<IReadOnlyList<OfficeSummary>> OfficesAsync(string partnerOrganizationId, CancellationToken cancellationToken = default) =>
        await db.Set<OfficeIndex>().ForOrganization(partnerOrganizationId).AsNoTracking()
            .Where(o => !o.Retired).OrderBy(o => o.Name).Take(100)
            .Select(o => new OfficeSummary(o.ContentItemId, o.Name, o.LocationId, o.City, o.CountryOrRegion, o.Retired))
            .ToListAsync(cancellationToken);

    /// <summary>The id of the partner's office with this location ID (recipes name offices by it), or null.</summary>
    public Task<string?> OfficeIdByLocationAsync(string partnerOrganizationId, string locationId, CancellationToken cancellationToken = default) =>
        db.Set<OfficeIndex>().ForOrganization(partnerOrganizationId).AsNoTracking()
            .Where(o => o.LocationId == locationId).Select(o => o.ContentItemId).FirstOrDefaultAsync(cancellationToken);

    /// <summary>"Name (location ID)" of the partner's offices (all, or those named), ordered by name.</summary>
    public async Task<IReadOnlyList<KeyValuePair<string, string>>> OfficeLabelsAsync(string partnerOrganizationId, IReadOnlyCollection<string>? officeIds = null, CancellationToken cancellationToken = default)
    {
        var offices = db.Set<OfficeIndex>().ForOrganization(partnerOrganizationId).AsNoTracking();
        if (officeIds is not null)
        {
            offices = offices.Where(o => officeIds.Contains(o.ContentItemId));
        }

        var rows = await offices.OrderBy(o => o.Name).Select(o => new { o.ContentItemId, o.Name, o.LocationId }).ToListAsync(cancellationToken);
        return rows.Select(o => new KeyValuePair<string, string>(o.ContentItemId, $"{o.Name} ({o.LocationId})")).ToList();
    }
}
