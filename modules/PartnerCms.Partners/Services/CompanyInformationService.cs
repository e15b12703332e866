using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Data;
using PartnerCms.Core.Events;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Validation;
using PartnerCms.Partners.Models;

namespace PartnerCms.Partners.Services;

/// <summary>A partner's name or company information changed: pages that show them to customers are out of date.</summary>
public sealed record CompanyInformationChanged(string OrganizationId);

public sealed record CompanyProfile(Organization Organization, CompanyInformation? Information);

/// <summary>Reads and saves the caller's own organization's company information.</summary>
public sealed class CompanyInformationService(PartnerCmsDbContext db, ICurrentOrganization currentOrganization, TimeProvider clock, EventOutbox events)
{
    public async Task<CompanyProfile?> GetAsync(CancellationToken cancellationToken = default)
    {
        if (currentOrganization.OrganizationId is not { } organizationId)
        {
            return null;
        }

        var organization = await db.Organizations.AsNoTracking()
            .FirstOrDefaultAsync(o => o.Id == organizationId && o.Kind == OrganizationKind.Partner, cancellationToken);
        if (organization is null)
        {
            return null;
        }

        var information = await db.Set<CompanyInformation>().AsNoTracking().FirstOrDefaultAsync(c => c.OrganizationId == organizationId, cancellationToken);
        return new CompanyProfile(organization, information);
    }

    /// <summary>
    /// Saves the edit made from <paramref name="basedOnVersion"/>. Returns false, saving nothing, when someone else
    /// saved in between.
    /// </summary>
    public async Task<bool> SaveAsync(CompanyInformationInput input, int basedOnVersion, string modifiedBy, CancellationToken cancellationToken = default)
    {
        var organizationId = currentOrganization.OrganizationId ?? throw new InvalidOperationException("No organization.");
        return await SaveAsync(organizationId, input, basedOnVersion, modifiedBy, cancellationToken);
    }

    internal async Task<bool> SaveAsync(string organizationId, CompanyInformationInput input, int? basedOnVersion, string modifiedBy, CancellationToken cancellationToken)
    {
        ObjectValidation.Trimmed(input);
        var organization = await db.Organizations.FirstAsync(o => o.Id == organizationId, cancellationToken);
        var information = await db.Set<CompanyInformation>().FirstOrDefaultAsync(c => c.OrganizationId == organizationId, cancellationToken);
        var isNew = false;
        if (information is null)
        {
            if (basedOnVersion is > 0)
            {
                return false;
            }

            information = new CompanyInformation { OrganizationId = organizationId };
            db.Add(information);
            isNew = true;
        }
        else if (basedOnVersion is { } expected)
        {
            db.Entry(information).Property(c => c.Version).OriginalValue = expected;
        }

        organization.Name = input.CompanyName;
        information.Phone = input.Phone;
        information.Email = input.Email;
        information.WebSite = NullIfEmpty(input.WebSite);
        information.Address = input.Address.Normalized();
        information.Description = NullIfEmpty(input.Description);
        information.Version = (basedOnVersion ?? information.Version) + 1;
        information.ModifiedUtc = clock.GetUtcNow().UtcDateTime;
        information.ModifiedBy = modifiedBy;
        events.Raise(new CompanyInformationChanged(organizationId), correlationId: "organization:" + organizationId);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException || (isNew && ex.IsUniqueViolation<CompanyInformation>(db, nameof(CompanyInformation.OrganizationId))))
        {
            // Someone else saved in between (or saved the first version at the same moment): nothing was written.
            db.ChangeTracker.Clear();
            return false;
        }

        return true;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
