using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Data;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Recipes;
using PartnerCms.Core.Validation;
using PartnerCms.Partners.Services;

namespace PartnerCms.Partners.Recipes;

/// <summary><c>{ "name": "company-information", "partners": [ { "organization": "id", ...CompanyInformationInput } ] }</c>; upserts by organization.</summary>
[RecipeStep("company-information")]
public sealed class CompanyInformationRecipeStep(PartnerCmsDbContext db, CompanyInformationService service) : IRecipeStepHandler
{
    public sealed record Step(string Name, List<Entry> Partners);

    public sealed class Entry
    {
        public string Organization { get; set; } = string.Empty;

        public CompanyInformationInput Information { get; set; } = new();
    }

    public async Task ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        foreach (var entry in context.Read<Step>().Partners)
        {
            var organization = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == entry.Organization, cancellationToken);
            if (organization?.Kind != OrganizationKind.Partner)
            {
                throw context.Error($"'{entry.Organization}' is not a partner organization.");
            }

            var errors = ObjectValidation.Errors(ObjectValidation.Trimmed(entry.Information));
            if (errors.Count > 0)
            {
                throw context.Error($"company information of '{entry.Organization}' is not valid: {string.Join(" ", errors)}");
            }

            await service.SaveAsync(entry.Organization, entry.Information, null, $"recipe:{context.RecipeName}", cancellationToken);
        }
    }
}

/// <summary><c>{ "name": "offices", "offices": [ { "organization": "id", "office": { ...OfficeInput } } ] }</c>; upserts by location ID.</summary>
[RecipeStep("offices")]
public sealed class OfficesRecipeStep(PartnerCmsDbContext db, OfficeService offices) : IRecipeStepHandler
{
    public sealed record Step(string Name, List<Entry> Offices);

    public sealed class Entry
    {
        public string Organization { get; set; } = string.Empty;

        public OfficeInput Office { get; set; } = new();
    }

    public async Task ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        foreach (var entry in context.Read<Step>().Offices)
        {
            var organization = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == entry.Organization, cancellationToken);
            if (organization?.Kind != OrganizationKind.Partner)
            {
                throw context.Error($"'{entry.Organization}' is not a partner organization.");
            }

            var errors = ObjectValidation.Errors(ObjectValidation.Trimmed(entry.Office));
            if (errors.Count > 0)
            {
                throw context.Error($"office '{entry.Office.LocationId}' of '{entry.Organization}' is not valid: {string.Join(" ", errors)}");
            }

            var author = $"recipe:{context.RecipeName}";
            var existing = await offices.FindByLocationIdAsync(entry.Organization, entry.Office.LocationId, cancellationToken);
            var outcome = existing is null
                ? (await offices.CreateAsync(entry.Office, author, entry.Organization, cancellationToken)).Outcome
                : await UpdateLatestAsync(existing, entry.Office, author, cancellationToken);
            if (outcome != OfficeSaveOutcome.Saved)
            {
                throw context.Error($"office '{entry.Office.LocationId}' of '{entry.Organization}' could not be saved: {outcome}.");
            }
        }
    }

    private async Task<OfficeSaveOutcome> UpdateLatestAsync(string contentItemId, OfficeInput input, string author, CancellationToken cancellationToken)
    {
        var current = await offices.GetAsync(contentItemId, cancellationToken);
        return current is null
            ? OfficeSaveOutcome.NotFound
            : (await offices.UpdateAsync(contentItemId, input, current.Version, author, cancellationToken)).Outcome;
    }
}
