using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Data;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Recipes;
using PartnerCms.Core.Security;
using PartnerCms.Delegation.Models;
using PartnerCms.Delegation.Services;

namespace PartnerCms.Delegation.Recipes;

/// <summary>
/// <c>{ "name": "partner-teams", "teams": [ { "partner": "id", "name": "Helpdesk", "description": "…", "members": ["user@…"],
/// "assignments": [ { "customer": "id", "roles": ["UsersAdministrator"] } ] } ] }</c>: makes or updates each team (by name),
/// its members, and the roles it holds in each customer (only roles the customer approved).
/// </summary>
[RecipeStep("partner-teams")]
public sealed class PartnerTeamsRecipeStep(PartnerCmsDbContext db, TeamService teams, DelegatedRelationshipService relationships, ICurrentOrganization currentOrganization) : IRecipeStepHandler
{
    public sealed record Step(string Name, List<Entry> Teams);

    public sealed record Entry(string Partner, string Name, string? Description, List<string>? Members, List<Assignment>? Assignments);

    public sealed record Assignment(string Customer, List<string> Roles);

    public async Task ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        foreach (var entry in context.Read<Step>().Teams)
        {
            if (!await db.Organizations.AnyAsync(o => o.Id == entry.Partner && o.Kind == OrganizationKind.Partner, cancellationToken))
            {
                throw context.Error($"'{entry.Partner}' is not a partner organization.");
            }

            using var asPartner = currentOrganization.RunAs(entry.Partner);
            var existing = await db.Set<PartnerTeam>().AsNoTracking().Where(t => t.OrganizationId == entry.Partner && t.Name == entry.Name).Select(t => t.Id).FirstOrDefaultAsync(cancellationToken);
            var saved = await teams.SaveAsync(entry.Partner, existing, entry.Name, entry.Description, entry.Members ?? [], cancellationToken);
            if (!saved.Succeeded)
            {
                throw context.Error($"Team {entry.Name}: {saved.Error}");
            }

            foreach (var assignment in entry.Assignments ?? [])
            {
                var relationship = await relationships.GetAsync(entry.Partner, assignment.Customer, cancellationToken);
                if (relationship?.Status != RelationshipStatus.Active)
                {
                    throw context.Error($"Team {entry.Name}: {entry.Partner} has no active relationship with {assignment.Customer}.");
                }

                var current = await teams.AssignmentsAsync(entry.Partner, assignment.Customer, cancellationToken);
                var result = await teams.AssignAsync(entry.Partner, assignment.Customer, [.. relationship.Approved],
                    new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { [saved.TeamId!] = DelegatedRoles.Normalize(assignment.Roles.Concat(current[saved.TeamId!])) },
                    cancellationToken: cancellationToken);
                if (!result.Succeeded)
                {
                    throw context.Error($"Team {entry.Name} in {assignment.Customer}: {result.Error}");
                }
            }
        }
    }
}
