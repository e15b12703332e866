using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Data;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Recipes;
using PartnerCms.Delegation.Services;

namespace PartnerCms.Delegation.Recipes;

/// <summary>
/// <c>{ "name": "delegated-relationships", "relationships": [ { "partner": "id", "customer": "id", "endsInDays": 30 } ] }</c>;
/// makes each partner a delegated administrator, until removed or, with <c>endsInDays</c> (negative: already ended), until then.
/// </summary>
[RecipeStep("delegated-relationships")]
public sealed class DelegatedRelationshipsRecipeStep(PartnerCmsDbContext db, DelegatedRelationshipService relationships, TimeProvider clock) : IRecipeStepHandler
{
    public sealed record Step(string Name, List<Entry> Relationships);

    public sealed record Entry(string Partner, string Customer, int? EndsInDays);

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

            // Upsert: a relationship that exists (in any state) is left as it is, so running the recipe again changes nothing.
            if (await relationships.ExistsAsync(entry.Partner, entry.Customer, cancellationToken))
            {
                continue;
            }

            DateTime? ends = entry.EndsInDays is { } days ? clock.GetUtcNow().UtcDateTime.Date.AddDays(days) : null;
            await relationships.GrantAsync(entry.Partner, entry.Customer, $"recipe:{context.RecipeName}", $"recipe:{context.RecipeName}", ends, cancellationToken: cancellationToken);
        }
    }
}
