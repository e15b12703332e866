using Microsoft.EntityFrameworkCore;
using PartnerCms.Catalog.Services;
using PartnerCms.Core.Data;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Recipes;
using PartnerCms.Directory.Models;
using PartnerCms.Directory.Services;

namespace PartnerCms.Directory.Recipes;

/// <summary>
/// <c>{ "name": "subscriptions", "subscriptions": [ { "organization", "sku", "licences", "advisor" } ] }</c>.
/// Upserts the organization's active subscription of that SKU; the advisor is a partner organization id.
/// </summary>
[RecipeStep("subscriptions")]
public sealed class SubscriptionsRecipeStep(PartnerCmsDbContext db, CatalogService catalog, SubscriptionService subscriptions) : IRecipeStepHandler
{
    public sealed record Step(string Name, List<Entry> Subscriptions);

    public sealed record Entry(string Organization, string Sku, int Licences, string? Advisor);

    public async Task ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        foreach (var entry in context.Read<Step>().Subscriptions)
        {
            if (!await db.Organizations.AnyAsync(o => o.Id == entry.Organization, cancellationToken))
            {
                throw context.Error($"organization '{entry.Organization}' does not exist.");
            }

            if (entry.Advisor is not null && !await db.Organizations.AnyAsync(o => o.Id == entry.Advisor && o.Kind == OrganizationKind.Partner, cancellationToken))
            {
                throw context.Error($"advisor '{entry.Advisor}' is not a partner organization.");
            }

            var sku = await catalog.FindAsync(entry.Sku, cancellationToken) ?? throw context.Error($"SKU '{entry.Sku}' is not in the catalog.");
            var error = SubscriptionService.LicenceError(entry.Licences, sku.MaxLicences);
            if (error is not null)
            {
                throw context.Error($"{entry.Organization} / {entry.Sku}: {error}");
            }

            var existing = await db.Set<Subscription>().FirstOrDefaultAsync(
                s => s.OrganizationId == entry.Organization && s.SkuCode == sku.Code && s.Status == SubscriptionStatus.Active, cancellationToken);
            if (existing is null)
            {
                var added = await subscriptions.AddAsync(entry.Organization, sku, entry.Licences, entry.Advisor, cancellationToken);
                if (!added.Succeeded)
                {
                    throw context.Error(added.Error!);
                }
            }
            else
            {
                existing.LicenceCount = entry.Licences;
                existing.AdvisorOrganizationId = entry.Advisor;
                await db.SaveChangesAsync(cancellationToken);
            }
        }
    }
}
