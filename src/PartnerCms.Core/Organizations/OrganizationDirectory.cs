using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Data;

namespace PartnerCms.Core.Organizations;

/// <summary>Reads organizations; the caller's own one is loaded once per request.</summary>
public sealed class OrganizationDirectory(PartnerCmsDbContext db, ICurrentOrganization currentOrganization, OrganizationNameCache names)
{
    private Organization? _current;

    /// <summary>The caller's organization's name (the layout's top bar), from the node's name cache when it has it.</summary>
    public async Task<string?> CurrentNameAsync(CancellationToken cancellationToken = default)
    {
        if (_current is not null)
        {
            return _current.Name;
        }

        if (currentOrganization.OrganizationId is not { } id)
        {
            return null;
        }

        return await names.GetOrReadAsync(id, () => db.Organizations.AsNoTracking().Where(o => o.Id == id).Select(o => o.Name).FirstOrDefaultAsync(cancellationToken));
    }

    public async Task<Organization?> GetCurrentAsync(CancellationToken cancellationToken = default)
    {
        if (_current is null && currentOrganization.OrganizationId is { } id)
        {
            _current = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        }

        return _current;
    }

    /// <summary>
    /// The names of the organizations with these ids, across organizations: for showing the other party of something
    /// the caller may already see (a relationship, a service request). Ids that do not exist are left out.
    /// </summary>
    public Task<Dictionary<string, string>> NamesAsync(IEnumerable<string> ids, CancellationToken cancellationToken = default)
    {
        var list = ids.Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        return db.Organizations.AcrossOrganizations("the names of the parties of what the caller already sees").AsNoTracking().Where(o => list.Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => o.Name, StringComparer.Ordinal, cancellationToken);
    }
}
