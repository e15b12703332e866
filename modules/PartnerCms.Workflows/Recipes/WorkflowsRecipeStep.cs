using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Data;
using PartnerCms.Core.Recipes;
using PartnerCms.Workflows.Abstractions;

using PartnerCms.Workflows.Models;
using PartnerCms.Workflows.Services;

namespace PartnerCms.Workflows.Recipes;

/// <summary>
/// <c>{ "name": "workflows", "workflows": [ { "organization": "id", "name": "…", "enabled": true, "definition": { "activities": […], "transitions": […] } } ] }</c>:
/// imports workflows, checked like the editor checks them. A workflow of that name that exists is left as it is; one that
/// needs activities of a module that is off is left out.
/// </summary>
[RecipeStep("workflows")]
public sealed class WorkflowsRecipeStep(PartnerCmsDbContext db, WorkflowDefinitionStore store, ActivityCatalog catalog, Microsoft.Extensions.Logging.ILogger<WorkflowsRecipeStep> logger) : IRecipeStepHandler
{
    public sealed record Step(string Name, List<Entry> Workflows);

    public sealed record Entry(string Organization, string Name, bool Enabled, WorkflowDefinition Definition);

    public async Task ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        foreach (var entry in context.Read<Step>().Workflows)
        {
            if (!await db.Organizations.AnyAsync(o => o.Id == entry.Organization, cancellationToken))
            {
                throw context.Error($"There is no organization '{entry.Organization}'.");
            }

            if (await db.Set<WorkflowType>().ForOrganization(entry.Organization).AnyAsync(t => t.Name == entry.Name, cancellationToken))
            {
                continue;
            }

            // A workflow that needs an activity of a module that is switched off is left out (with a warning), like a
            // step of that module would be.
            var missing = entry.Definition.Activities.Select(a => a.Type).Where(t => catalog.Find(t) is null).Distinct(StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
            {
                Microsoft.Extensions.Logging.LoggerExtensions.LogWarning(logger, "Recipe {Recipe}: workflow {Workflow} skipped, its activities {Missing} belong to modules that are off.",
                    context.RecipeName, entry.Name, string.Join(", ", missing));
                continue;
            }

            var (_, errors) = await store.SaveAsync(entry.Organization, null, entry.Name, entry.Definition, entry.Enabled, $"recipe:{context.RecipeName}", cancellationToken);
            if (errors.Count > 0)
            {
                throw context.Error($"Workflow '{entry.Name}': {string.Join(" ", errors)}");
            }
        }
    }
}
