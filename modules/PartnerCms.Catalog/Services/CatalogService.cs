using Microsoft.EntityFrameworkCore;
using PartnerCms.Catalog.Models;
using PartnerCms.Core.Data;

namespace PartnerCms.Catalog.Services;

/// <summary>What can be bought where.</summary>
public sealed class CatalogService(PartnerCmsDbContext db)
{
    /// <summary>The SKUs available in a usage location, paid or trial, by name.</summary>
    public async Task<IReadOnlyList<Sku>> AvailableInAsync(string? countryOrRegion, bool trials, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(countryOrRegion))
        {
            return [];
        }

        var code = countryOrRegion.Trim().ToUpperInvariant();
        return await db.Set<Sku>().AsNoTracking()
            .Where(s => s.IsTrial == trials && s.Availability.Any(a => a.CountryOrRegion == code))
            .OrderBy(s => s.Name)
            .ToListAsync(cancellationToken);
    }

    public Task<Sku?> FindAsync(string code, CancellationToken cancellationToken = default) =>
        db.Set<Sku>().AsNoTracking().Include(s => s.Availability).FirstOrDefaultAsync(s => s.Code == code, cancellationToken);

    public async Task<IReadOnlyDictionary<string, Sku>> FindManyAsync(IEnumerable<string> codes, CancellationToken cancellationToken = default)
    {
        var list = codes.Distinct(StringComparer.Ordinal).ToList();
        return await db.Set<Sku>().AsNoTracking().Include(s => s.Availability).Where(s => list.Contains(s.Code)).ToDictionaryAsync(s => s.Code, StringComparer.Ordinal, cancellationToken);
    }

    public static bool IsAvailableIn(Sku sku, string? countryOrRegion) =>
        countryOrRegion is not null && sku.Availability.Any(a => string.Equals(a.CountryOrRegion, countryOrRegion, StringComparison.OrdinalIgnoreCase));
}
