using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Data;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Recipes;
using PartnerCms.Core.Security;
using PartnerCms.Delegation.Services;

namespace PartnerCms.Delegation.Recipes;

/// <summary>
/// <c>{ "name": "delegated-relationships", "relationships": [ { "partner": "id", "customer": "id", "endsInDays": 30,
/// "roles": ["UsersAdministrator"], "autoExtend": true } ] }</c>; makes each partner a delegated administrator with the
/// roles given (none: the Full bundle), until removed or, with <c>endsInDays</c> (negative: already ended), until then.
/// </summary>
[RecipeStep("delegated-relationships")]
public sealed class DelegatedRelationshipsRecipeStep(PartnerCmsDbContext db, DelegatedRelationshipService relationships, TimeProvider clock) : IRecipeStepHandler
{
    public sealed record Step(string Name, List<Entry> Relationships);

    public sealed record Entry(string Partner, string Customer, int? EndsInDays, List<string>? Roles = null, bool AutoExtend = false);

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

            if (entry.Roles is { } roles && (roles.Count == 0 || roles.Any(r => !DelegatedRoles.IsKnown(r))))
            {
                throw context.Error($"Roles must be some of: {string.Join(", ", DelegatedRoles.All.Select(r => r.Name))}.");
            }

            if (entry.AutoExtend && !Models.RelationshipLifecycle.MayAutoExtend(DelegatedRoles.Normalize(entry.Roles ?? [.. DelegatedRoles.FullBundle])))
            {
                throw context.Error("A relationship that includes Global administrator cannot extend itself.");
            }

            // Upsert: a relationship that exists (in any state) is left as it is, so running the recipe again changes nothing.
            if (await relationships.ExistsAsync(entry.Partner, entry.Customer, cancellationToken))
            {
                continue;
            }

            DateTime? ends = entry.EndsInDays is { } days ? clock.GetUtcNow().UtcDateTime.Date.AddDays(days) : null;
            await relationships.GrantAsync(entry.Partner, entry.Customer, $"recipe:{context.RecipeName}", $"recipe:{context.RecipeName}", ends,
                approvedRoles: entry.Roles, durationDays: null, autoExtend: entry.AutoExtend, cancellationToken: cancellationToken);
        }
    }
}
