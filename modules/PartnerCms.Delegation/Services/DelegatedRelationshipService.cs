using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Content;
using PartnerCms.Core.Data;
using PartnerCms.Core.Organizations;
using PartnerCms.Delegation.Models;
using PartnerCms.Partners.Models;
using PartnerCms.Partners.Services;

namespace PartnerCms.Delegation.Services;

public sealed record PartnerRelationship(Organization Partner, CompanyInformation? Contact, DateTime AcceptedUtc);

/// <summary>Who is whose delegated administrator. Partners read across customers here, always for their own organization only.</summary>
public sealed class DelegatedRelationshipService(PartnerCmsDbContext db, ContentManager contentManager, PartnerProfiles partnerProfiles, TimeProvider clock)
{
    private const string Between = "a relationship joins a partner and a customer; every query names both or one of them";
    private const string CustomersSeePartners = "a customer sees the name and contact details of its partners";

    public Task<bool> IsDelegatedAdministratorAsync(string partnerOrganizationId, string customerOrganizationId, CancellationToken cancellationToken = default) =>
        db.Set<DelegatedRelationshipIndex>().AcrossOrganizations(Between).AnyAsync(
            i => i.PartnerOrganizationId == partnerOrganizationId && i.CustomerOrganizationId == customerOrganizationId && i.Active,
            cancellationToken);

    /// <summary>The customer's active partners, with how to reach them.</summary>
    public async Task<IReadOnlyList<PartnerRelationship>> PartnersOfAsync(string customerOrganizationId, CancellationToken cancellationToken = default)
    {
        var ids = await db.Set<DelegatedRelationshipIndex>().AcrossOrganizations(Between).AsNoTracking()
            .Where(i => i.CustomerOrganizationId == customerOrganizationId && i.Active)
            .Select(i => i.ContentItemId)
            .ToListAsync(cancellationToken);
        var items = await contentManager.GetManyAsync(ids, VersionOptions.Latest, cancellationToken);
        var parts = items.Select(i => i.Get<DelegatedRelationshipPart>()).ToList();
        var partnerIds = parts.Select(p => p.PartnerOrganizationId).ToList();
        var partners = await db.Organizations.AcrossOrganizations(CustomersSeePartners).AsNoTracking().Where(o => partnerIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, cancellationToken);
        var contacts = await partnerProfiles.CompanyInformationOfAsync(partnerIds, CustomersSeePartners, cancellationToken);
        return parts.Where(p => partners.ContainsKey(p.PartnerOrganizationId))
            .Select(p => new PartnerRelationship(partners[p.PartnerOrganizationId], contacts.GetValueOrDefault(p.PartnerOrganizationId), p.AcceptedUtc))
            .OrderBy(r => r.Partner.Name)
            .ToList();
    }

    /// <summary>Makes the partner a delegated administrator of the customer (idempotent).</summary>
    public async Task GrantAsync(string partnerOrganizationId, string customerOrganizationId, string acceptedBy, CancellationToken cancellationToken = default)
    {
        var existingId = await db.Set<DelegatedRelationshipIndex>().AcrossOrganizations(Between)
            .Where(i => i.PartnerOrganizationId == partnerOrganizationId && i.CustomerOrganizationId == customerOrganizationId)
            .Select(i => i.ContentItemId)
            .FirstOrDefaultAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (existingId is null)
        {
            var item = contentManager.New(DelegatedRelationshipPart.ContentType);
            item.OrganizationId = customerOrganizationId;
            item.Author = acceptedBy;
            item.Apply(new DelegatedRelationshipPart
            {
                PartnerOrganizationId = partnerOrganizationId,
                CustomerOrganizationId = customerOrganizationId,
                Status = RelationshipStatus.Active,
                AcceptedUtc = now,
                AcceptedBy = acceptedBy,
            });
            await contentManager.CreateAsync(item, publish: true, cancellationToken);
            return;
        }

        var current = await contentManager.GetAsync(existingId, VersionOptions.Latest, cancellationToken)
            ?? throw new InvalidOperationException($"Relationship {existingId} is not visible to the caller.");
        if (current.Get<DelegatedRelationshipPart>().Status == RelationshipStatus.Active)
        {
            return;
        }

        current.Author = acceptedBy;
        current.Alter<DelegatedRelationshipPart>(p =>
        {
            p.Status = RelationshipStatus.Active;
            p.AcceptedUtc = now;
            p.AcceptedBy = acceptedBy;
            p.RemovedUtc = null;
            p.RemovedBy = null;
        });
        await contentManager.UpdateAsync(current, cancellationToken);
    }
}
