using Microsoft.EntityFrameworkCore;
using PartnerCms.Catalog.Models;
using PartnerCms.Core.Data;
using PartnerCms.Core.Recipes;
using PartnerCms.Core.Validation;

namespace PartnerCms.Catalog.Recipes;

/// <summary>
/// <c>{ "name": "catalog", "skus": [ { "code", "name", "description", "isTrial", "trialDays", "trialOf", "maxLicences", "availableIn": ["US", …] } ] }</c>.
/// Upserts by code; adds the usage locations it lists and never removes one.
/// </summary>
[RecipeStep("catalog")]
public sealed class CatalogRecipeStep(PartnerCmsDbContext db) : IRecipeStepHandler
{
    public sealed record Step(string Name, List<SkuEntry> Skus);

    public sealed record SkuEntry(string Code, string Name, string? Description, bool IsTrial, int? TrialDays, string? TrialOf, int? MaxLicences, List<string> AvailableIn);

    public async Task ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        foreach (var entry in context.Read<Step>().Skus)
        {
            if (string.IsNullOrWhiteSpace(entry.Code) || string.IsNullOrWhiteSpace(entry.Name))
            {
                throw context.Error("every SKU needs a \"code\" and a \"name\".");
            }

            if (entry.IsTrial && entry.TrialDays is not > 0)
            {
                throw context.Error($"trial SKU '{entry.Code}' needs \"trialDays\" above zero.");
            }

            var sku = await db.Set<Sku>().Include(s => s.Availability).FirstOrDefaultAsync(s => s.Code == entry.Code, cancellationToken);
            if (sku is null)
            {
                sku = new Sku { Code = entry.Code, Name = entry.Name };
                db.Add(sku);
            }

            sku.Name = entry.Name;
            sku.Description = entry.Description ?? string.Empty;
            sku.IsTrial = entry.IsTrial;
            sku.TrialDays = entry.IsTrial ? entry.TrialDays : null;
            sku.TrialOf = entry.TrialOf;
            sku.MaxLicences = entry.MaxLicences ?? sku.MaxLicences;
            foreach (var location in entry.AvailableIn)
            {
                var code = CountriesAndRegions.Find(location)?.Code ?? throw context.Error($"SKU '{entry.Code}': unknown usage location '{location}'.");
                if (!sku.Availability.Any(a => a.CountryOrRegion == code))
                {
                    sku.Availability.Add(new SkuAvailability { SkuCode = sku.Code, CountryOrRegion = code });
                }
            }

            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
