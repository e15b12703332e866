using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Data;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Recipes;
using PartnerCms.Delegation.Services;

namespace PartnerCms.Delegation.Recipes;

/// <summary><c>{ "name": "delegated-relationships", "relationships": [ { "partner": "id", "customer": "id" } ] }</c>; makes each partner a delegated administrator.</summary>
[RecipeStep("delegated-relationships")]
public sealed class DelegatedRelationshipsRecipeStep(PartnerCmsDbContext db, DelegatedRelationshipService relationships) : IRecipeStepHandler
{
    public sealed record Step(string Name, List<Entry> Relationships);

    public sealed record Entry(string Partner, string Customer);

    public async Task ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        foreach (var entry in context.Read<Step>().Relationships)
        {
            if (!await db.Organizations.AnyAsync(o => o.Id == entry.Partner && o.Kind == OrganizationKind.Partner, cancellationToken))
            {
                throw context.Error($"'{entry.Partner}' is not a partner organization.");
            }

            if (!await db.Organizations.AnyAsync(o => o.Id == entry.Customer && o.Kind == OrganizationKind.Customer, cancellationToken))
            {
                throw context.Error($"'{entry.Customer}' is not a customer organization.");
            }

            await relationships.GrantAsync(entry.Partner, entry.Customer, $"recipe:{context.RecipeName}", cancellationToken);
        }
    }
}
