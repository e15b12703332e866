using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Data;
using PartnerCms.Core.Security;
using PartnerCms.Delegation.Models;
using PartnerCms.Delegation.Services;
using PartnerCms.Workflows.Abstractions;
using WorkflowOutcomes = PartnerCms.Workflows.Abstractions.Outcomes;

namespace PartnerCms.Delegation.Workflows;

public sealed class AddToTeamSettings
{
    [Field("Users", Help = "User names of your organization, separated by commas (Liquid), e.g. {{ event.userName }}.", Kind = FieldKind.Liquid, Required = true)]
    public string Users { get; set; } = string.Empty;

    [Field("Team", Help = "The name of one of your teams (Partner → Teams).", Required = true)]
    public string Team { get; set; } = string.Empty;

    [Field("Take out instead", Help = "Takes the users out of the team instead of adding them.")]
    public bool Remove { get; set; }
}

/// <summary>
/// Adds users of the partner to one of its teams, or takes them out: their rights in customers follow the team's
/// assignments at the next request, their sign-in claims within a minute. Names that are not users of the partner are
/// skipped (the journal lists them); never another organization's users. Audited as the workflow.
/// </summary>
public sealed class AddToTeam(TeamService teams, PartnerCmsDbContext db) : WorkflowActivity<AddToTeamSettings>
{
    public override string Type => "AddToTeam";

    public override string DisplayName => "Add to team";

    public override string Category => "Delegated administration";

    public override string Description => "Adds users of your organization to one of your teams (or takes them out); the roles the team holds in customers apply to them at once; audited.";

    public override IReadOnlyList<string> Outcomes => [WorkflowOutcomes.Done];

    protected override IReadOnlyList<ActivityError> Validate(AddToTeamSettings settings, WorkflowValidationContext context)
    {
        var errors = new List<ActivityError>();
        if (string.IsNullOrWhiteSpace(settings.Users))
        {
            errors.Add(new(nameof(AddToTeamSettings.Users), "Name the users."));
        }

        errors.AddRange(TeamActivityChecks.Team(db, context.OrganizationId, settings.Team, nameof(AddToTeamSettings.Team)));
        errors.AddRange(CheckLiquid(context, nameof(AddToTeamSettings.Users), settings.Users));
        return errors;
    }

    protected override async Task<ActivityResult> ExecuteAsync(ActivityContext context, AddToTeamSettings settings, CancellationToken cancellationToken)
    {
        var names = (await context.RenderListAsync(settings.Users, cancellationToken)).Where(n => n.Length <= 256).Take(500).ToList();
        context.Journal["users"] = names;
        context.Journal["team"] = settings.Team;
        var teamId = await teams.FindIdAsync(context.OrganizationId, settings.Team, cancellationToken)
            ?? throw new InvalidOperationException($"There is no team named '{settings.Team}' any more.");
        if (context.DryRun)
        {
            context.Journal["dryRun"] = "not changed";
            return ActivityResult.Outcome(WorkflowOutcomes.Done);
        }

        var (changed, unknown) = await teams.ChangeMembersAsync(context.OrganizationId, teamId, names, add: !settings.Remove, "workflow:" + context.WorkflowTypeId, cancellationToken);
        context.Journal["changed"] = changed;
        if (unknown.Count > 0)
        {
            context.Journal["notUsers"] = unknown;
        }

        return ActivityResult.Outcome(WorkflowOutcomes.Done);
    }
}

public sealed class AssignTeamRolesSettings
{
    [Field("Customer", Help = "The customer's organization id (Liquid).", Kind = FieldKind.Liquid, Required = true)]
    public string Customer { get; set; } = "{{ event.customerOrganizationId }}";

    [Field("Team", Help = "The name of one of your teams (Partner → Teams).", Required = true)]
    public string Team { get; set; } = string.Empty;

    [Field("Roles", Help = "Role names separated by commas (GlobalAdministrator, UsersAdministrator, PasswordAdministrator, DomainAdministrator, SubscriptionAdministrator, ServiceSupport, ReportsReader), or empty for every role the customer approved.")]
    public string? Roles { get; set; }

    [Field("Take away instead", Help = "Takes these roles away from the team in the customer instead of assigning them.")]
    public bool Remove { get; set; }
}

/// <summary>
/// Assigns one of the partner's teams some of the roles a customer approved (or takes them away), as the partner's
/// global administrator does on My customers → Teams. Never more than the customer approved: roles it did not approve
/// are skipped and listed in the journal. Without an active relationship nothing changes and the step ends in
/// <c>NotActive</c>. Audited as the workflow.
/// </summary>
public sealed class AssignTeamRoles(TeamService teams, DelegatedRelationshipService relationships, PartnerCmsDbContext db) : WorkflowActivity<AssignTeamRolesSettings>
{
    public const string NotActive = "NotActive";

    public override string Type => "AssignTeamRoles";

    public override string DisplayName => "Assign team roles";

    public override string Category => "Delegated administration";

    public override string Description => "Gives one of your teams roles in a customer (only roles the customer approved; empty: all of them), or takes them away; NotActive when there is no active relationship; audited.";

    public override IReadOnlyList<string> Outcomes => [WorkflowOutcomes.Done, NotActive];

    protected override IReadOnlyList<ActivityError> Validate(AssignTeamRolesSettings settings, WorkflowValidationContext context)
    {
        var errors = new List<ActivityError>();
        if (string.IsNullOrWhiteSpace(settings.Customer))
        {
            errors.Add(new(nameof(AssignTeamRolesSettings.Customer), "Name the customer, e.g. {{ event.customerOrganizationId }}."));
        }

        errors.AddRange(TeamActivityChecks.Team(db, context.OrganizationId, settings.Team, nameof(AssignTeamRolesSettings.Team)));
        var unknown = ActivityContext.ParseList(settings.Roles ?? string.Empty).Where(r => !DelegatedRoles.IsKnown(r)).ToList();
        if (unknown.Count > 0)
        {
            errors.Add(new(nameof(AssignTeamRolesSettings.Roles), $"'{Short(unknown[0])}' is not a role; use {string.Join(", ", DelegatedRoles.All.Select(r => r.Name))}."));
        }

        if (settings.Remove && string.IsNullOrWhiteSpace(settings.Roles))
        {
            errors.Add(new(nameof(AssignTeamRolesSettings.Roles), "Name the roles to take away."));
        }

        errors.AddRange(CheckLiquid(context, nameof(AssignTeamRolesSettings.Customer), settings.Customer));
        return errors;
    }

    protected override async Task<ActivityResult> ExecuteAsync(ActivityContext context, AssignTeamRolesSettings settings, CancellationToken cancellationToken)
    {
        var customerId = (await context.RenderAsync(settings.Customer, cancellationToken)).Trim();
        context.Journal["customer"] = Short(customerId);
        context.Journal["team"] = settings.Team;
        var teamId = await teams.FindIdAsync(context.OrganizationId, settings.Team, cancellationToken)
            ?? throw new InvalidOperationException($"There is no team named '{settings.Team}' any more.");
        var relationship = customerId.Length is 0 or > 64 ? null : await relationships.GetAsync(context.OrganizationId, customerId, cancellationToken);
        if (relationship is not { Status: RelationshipStatus.Active })
        {
            context.Journal["relationship"] = relationship?.Status.ToString() ?? "none";
            return ActivityResult.Outcome(NotActive);
        }

        var approved = relationship.Approved.ToList();
        var named = DelegatedRoles.Normalize(ActivityContext.ParseList(settings.Roles ?? string.Empty));
        var asked = string.IsNullOrWhiteSpace(settings.Roles) ? approved : named;
        var notApproved = asked.Where(r => !approved.Contains(r, StringComparer.Ordinal)).ToList();
        if (notApproved.Count > 0 && !settings.Remove)
        {
            context.Journal["notApproved"] = notApproved;
        }

        var current = (await teams.AssignmentsAsync(context.OrganizationId, customerId, cancellationToken))[teamId];
        var wanted = settings.Remove
            ? DelegatedRoles.Normalize(current.Where(r => !asked.Contains(r, StringComparer.Ordinal)))
            : DelegatedRoles.Normalize(current.Where(r => approved.Contains(r, StringComparer.Ordinal)).Concat(asked.Where(r => approved.Contains(r, StringComparer.Ordinal))));
        context.Journal["roles"] = wanted;
        if (context.DryRun)
        {
            context.Journal["dryRun"] = "not changed";
            return ActivityResult.Outcome(WorkflowOutcomes.Done);
        }

        var result = await teams.AssignAsync(context.OrganizationId, customerId, approved,
            new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { [teamId] = wanted }, "workflow:" + context.WorkflowTypeId, cancellationToken);
        return result.Succeeded ? ActivityResult.Outcome(WorkflowOutcomes.Done) : throw new InvalidOperationException(result.Error);
    }

    private static string Short(string text) => text.Length > 64 ? text[..64] + "…" : text;
}

internal static class TeamActivityChecks
{
    /// <summary>The team is named and is one of the organization's (checked again when the step runs: it may be deleted later).</summary>
    public static IEnumerable<ActivityError> Team(PartnerCmsDbContext db, string organizationId, string? name, string field)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            yield return new(field, "Name one of your teams.");
        }
        else if (name.Length > TeamService.MaxNameLength || !db.Set<PartnerTeam>().AsNoTracking().Any(t => t.OrganizationId == organizationId && t.Name == name))
        {
            yield return new(field, $"You have no team named '{(name.Length > 64 ? name[..64] + "…" : name)}'.");
        }
    }
}
