using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Data;
using PartnerCms.Core.Recipes;

namespace PartnerCms.Core.Organizations;

/// <summary>
/// <c>{ "name": "organizations", "organizations": [ { "id", "name", "kind", "partnerId", "domains": [ { "name", "primary" } ] } ] }</c>.
/// Upserts by id; adds domains it lists, never removes others.
/// </summary>
[RecipeStep("organizations")]
public sealed class OrganizationsRecipeStep(PartnerCmsDbContext db, TimeProvider clock) : IRecipeStepHandler
{
    public sealed record Step(string Name, List<OrganizationEntry> Organizations);

    public sealed record OrganizationEntry(string Id, string Name, OrganizationKind Kind, string? PartnerId, string? CountryOrRegion, List<DomainEntry>? Domains);

    public sealed record DomainEntry(string Name, bool Primary);

    public async Task ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        foreach (var entry in context.Read<Step>().Organizations)
        {
            if (string.IsNullOrWhiteSpace(entry.Id) || string.IsNullOrWhiteSpace(entry.Name))
            {
                throw context.Error("every organization needs an \"id\" and a \"name\".");
            }

            if (entry.Kind == OrganizationKind.Partner && string.IsNullOrWhiteSpace(entry.PartnerId))
            {
                throw context.Error($"partner '{entry.Id}' needs a \"partnerId\".");
            }

            var organization = await db.Organizations.Include(o => o.Domains).FirstOrDefaultAsync(o => o.Id == entry.Id, cancellationToken);
            if (organization is null)
            {
                organization = new Organization { Id = entry.Id, Name = entry.Name, CreatedUtc = clock.GetUtcNow().UtcDateTime };
                db.Organizations.Add(organization);
            }

            organization.Name = entry.Name;
            organization.Kind = entry.Kind;
            organization.PartnerId = entry.Kind == OrganizationKind.Partner ? entry.PartnerId : null;
            if (entry.CountryOrRegion is not null)
            {
                organization.CountryOrRegion = Validation.CountriesAndRegions.Find(entry.CountryOrRegion)?.Code
                    ?? throw context.Error($"organization '{entry.Id}': unknown country or region '{entry.CountryOrRegion}'.");
            }

            foreach (var domainEntry in entry.Domains ?? [])
            {
                var normalized = OrganizationDomain.Normalize(domainEntry.Name);
                var domain = organization.Domains.FirstOrDefault(d => d.NormalizedName == normalized);
                if (domain is null)
                {
                    var owner = await db.OrganizationDomains.Where(d => d.NormalizedName == normalized).Select(d => d.OrganizationId).FirstOrDefaultAsync(cancellationToken);
                    if (owner is not null)
                    {
                        throw context.Error($"domain '{domainEntry.Name}' already belongs to organization '{owner}'.");
                    }

                    domain = new OrganizationDomain { OrganizationId = organization.Id, Name = domainEntry.Name.Trim(), NormalizedName = normalized };
                    organization.Domains.Add(domain);
                }

                if (domainEntry.Primary)
                {
                    organization.Domains.ForEach(d => d.IsPrimary = false);
                    domain.IsPrimary = true;
                }
            }

            if (organization.Domains.Count > 0 && !organization.Domains.Any(d => d.IsPrimary))
            {
                organization.Domains[0].IsPrimary = true;
            }

            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
