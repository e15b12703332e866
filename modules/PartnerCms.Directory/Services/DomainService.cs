using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Data;
using PartnerCms.Core.Organizations;

namespace PartnerCms.Directory.Services;

/// <summary>An organization's domains: a domain belongs to one organization on the whole platform.</summary>
public sealed partial class DomainService(PartnerCmsDbContext db)
{
    public async Task<IReadOnlyList<OrganizationDomain>> ListAsync(string organizationId, CancellationToken cancellationToken = default) =>
        await db.OrganizationDomains.AsNoTracking().Where(d => d.OrganizationId == organizationId)
            .OrderByDescending(d => d.IsPrimary).ThenBy(d => d.NormalizedName).ToListAsync(cancellationToken);

    /// <summary>Null when added; otherwise why not.</summary>
    public async Task<string?> AddAsync(string organizationId, string name, CancellationToken cancellationToken = default)
    {
        var normalized = OrganizationDomain.Normalize(name ?? string.Empty);
        if (!IsDomainName(normalized))
        {
            return "Enter a domain name such as contoso.com (letters, digits and dashes, with at least one dot).";
        }

        if (await db.OrganizationDomains.AcrossOrganizations("domains are unique platform-wide").AnyAsync(d => d.NormalizedName == normalized, cancellationToken))
        {
            return $"{normalized} is already registered{(await db.OrganizationDomains.AnyAsync(d => d.NormalizedName == normalized && d.OrganizationId == organizationId, cancellationToken) ? " to your organization" : " by another organization")}.";
        }

        var isFirst = !await db.OrganizationDomains.AnyAsync(d => d.OrganizationId == organizationId, cancellationToken);
        db.OrganizationDomains.Add(new OrganizationDomain { OrganizationId = organizationId, Name = normalized, NormalizedName = normalized, IsPrimary = isFirst });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation<OrganizationDomain>(db, nameof(OrganizationDomain.NormalizedName)))
        {
            db.ChangeTracker.Clear();
            return $"{normalized} was registered by someone else a moment ago.";
        }
    }

    public async Task<string?> MakePrimaryAsync(string organizationId, int domainId, CancellationToken cancellationToken = default)
    {
        var domains = await db.OrganizationDomains.Where(d => d.OrganizationId == organizationId).ToListAsync(cancellationToken);
        var chosen = domains.FirstOrDefault(d => d.Id == domainId);
        if (chosen is null)
        {
            return null;
        }

        domains.ForEach(d => d.IsPrimary = d == chosen);
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>Removes a domain unless it is the last or the primary one, or users are named at it.</summary>
    public async Task<string?> RemoveAsync(string organizationId, int domainId, CancellationToken cancellationToken = default)
    {
        var domains = await db.OrganizationDomains.Where(d => d.OrganizationId == organizationId).ToListAsync(cancellationToken);
        var domain = domains.FirstOrDefault(d => d.Id == domainId);
        if (domain is null)
        {
            return null;
        }

        if (domains.Count == 1)
        {
            return $"{domain.Name} is your only domain: an organization needs at least one.";
        }

        if (domain.IsPrimary)
        {
            return $"{domain.Name} is your primary domain: make another domain primary first.";
        }

        var suffix = "@" + domain.NormalizedName.ToUpperInvariant();
        var users = await db.Users.CountAsync(u => u.OrganizationId == organizationId && u.NormalizedUserName!.EndsWith(suffix), cancellationToken);
        if (users > 0)
        {
            return $"{users} user(s) have names at {domain.Name}: rename them first.";
        }

        db.OrganizationDomains.Remove(domain);
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    public static bool IsDomainName(string normalized) => normalized.Length <= 253 && DomainPattern().IsMatch(normalized);

    [GeneratedRegex(@"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$", System.Text.RegularExpressions.RegexOptions.NonBacktracking)]
    private static partial Regex DomainPattern();
}
