using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Modules;
using PartnerCms.Core.Security;
using PartnerCms.Directory.Services;
using PartnerCms.Workflows.Abstractions;
using WorkflowOutcomes = PartnerCms.Workflows.Abstractions.Outcomes;

namespace PartnerCms.Directory.Workflows;

public sealed class GrantDelegatedAccessSettings
{
    /// <summary>User names of the organization, separated by commas (Liquid).</summary>
    [Field("Users", Help = "User names of your organization, separated by commas (Liquid).", Kind = FieldKind.Liquid)]
    public string? Users { get; set; }

    /// <summary>And every user of the organization in this role, e.g. Partner:Sales.</summary>
    [Field("And everyone in role", Help = "Every user of your organization in this role.", Kind = FieldKind.Role)]
    public string? Role { get; set; }

    [Field("Administration", Help = "Full: as the customer's global administrator; Limited: as a password administrator; None takes it away.")]

    public DelegatedAccess Level { get; set; } = DelegatedAccess.Limited;

    /// <summary>Only give more than users have: a user with Full administration keeps it when Limited is granted.</summary>
    [Field("Never lower", Help = "A user who has Full keeps it when Limited is granted.")]
    public bool NeverLower { get; set; } = true;
}

/// <summary>Gives partner users Full or Limited administration of the customers the partner supports (or takes it away: None).</summary>
public sealed class GrantDelegatedAccess(RoleCatalog roles, UserDirectoryService directory) : WorkflowActivity<GrantDelegatedAccessSettings>
{
    public override string Type => "GrantDelegatedAccess";

    public override string DisplayName => "Grant delegated access";

    public override string Category => "Users";

    public override string Description => "Gives users of your organization (by name or role) Full or Limited administration of your customers, or None; by default never lowers what a user has; audited.";

    public override IReadOnlyList<string> Outcomes => [WorkflowOutcomes.Done];

    protected override IReadOnlyList<ActivityError> Validate(GrantDelegatedAccessSettings settings, WorkflowValidationContext context)
    {
        var errors = new List<ActivityError>();
        if (string.IsNullOrWhiteSpace(settings.Users) && string.IsNullOrWhiteSpace(settings.Role))
        {
            errors.Add(new(nameof(GrantDelegatedAccessSettings.Users), "Name users or a role."));
        }

        if (!string.IsNullOrWhiteSpace(settings.Role) && roles.Find(settings.Role) is null)
        {
            errors.Add(new(nameof(GrantDelegatedAccessSettings.Role), $"There is no role '{settings.Role}'."));
        }

        if (!Enum.IsDefined(settings.Level))
        {
            errors.Add(new(nameof(GrantDelegatedAccessSettings.Level), "Full, Limited or None."));
        }

        errors.AddRange(CheckLiquid(context, nameof(GrantDelegatedAccessSettings.Users), settings.Users));
        return errors;
    }

    protected override async Task<ActivityResult> ExecuteAsync(ActivityContext context, GrantDelegatedAccessSettings settings, CancellationToken cancellationToken)
    {
        var names = UserActivityText.Names(await context.RenderListAsync(settings.Users, cancellationToken));
        context.Journal["users"] = names;
        context.Journal["role"] = settings.Role;
        context.Journal["level"] = settings.Level.ToString();
        if (context.DryRun)
        {
            context.Journal["dryRun"] = "not changed";
            return ActivityResult.Outcome(WorkflowOutcomes.Done);
        }

        context.Journal["changed"] = await directory
            .SetDelegatedAccessAsync(context.OrganizationId, names, settings.Role, settings.Level, "workflow:" + context.WorkflowTypeId, settings.NeverLower && settings.Level != DelegatedAccess.None, cancellationToken);
        return ActivityResult.Outcome(WorkflowOutcomes.Done);
    }
}

public sealed class RoleSettings
{
    /// <summary>User names, separated by commas (Liquid).</summary>
    public string Users { get; set; } = string.Empty;

    public string Role { get; set; } = string.Empty;

    /// <summary>
    /// Empty: the workflow's own organization. Otherwise (Liquid) the id of a customer the partner is delegated
    /// administrator of, e.g. <c>{{ event.customerOrganizationId }}</c>; the role is then one of the customer's.
    /// </summary>
    public string? Customer { get; set; }
}

/// <summary>
/// Adds or removes a role for users of the workflow's own organization, or of a customer it is delegated administrator
/// of (checked when the step runs: a removed relationship stops it). Never another organization's users.
/// </summary>
public abstract class RoleActivity(bool add, RoleActivityServices services) : WorkflowActivity<RoleSettings>
{
    public override string Category => "Users";

    public override IReadOnlyList<string> Outcomes => [WorkflowOutcomes.Done];

    protected override IReadOnlyList<ActivityError> Validate(RoleSettings settings, WorkflowValidationContext context)
    {
        var errors = new List<ActivityError>();
        if (string.IsNullOrWhiteSpace(settings.Users))
        {
            errors.Add(new(nameof(RoleSettings.Users), "Name the users."));
        }

        var roles = services.Roles;
        if (!string.IsNullOrWhiteSpace(settings.Customer))
        {
            if (!roles.IsValidFor(settings.Role, Core.Organizations.OrganizationKind.Customer))
            {
                errors.Add(new(nameof(RoleSettings.Role), $"'{settings.Role}' is not a role of a customer organization."));
            }

            errors.AddRange(CheckLiquid(context, nameof(RoleSettings.Customer), settings.Customer));
        }
        else
        {
            var kind = services.Db.Organizations
                .Where(o => o.Id == context.OrganizationId).Select(o => (Core.Organizations.OrganizationKind?)o.Kind).FirstOrDefault();
            if (kind is not { } organizationKind || !roles.IsValidFor(settings.Role, organizationKind))
            {
                errors.Add(new(nameof(RoleSettings.Role), $"'{settings.Role}' is not a role of your organization."));
            }
        }

        errors.AddRange(CheckLiquid(context, nameof(RoleSettings.Users), settings.Users));
        return errors;
    }

    protected override async Task<ActivityResult> ExecuteAsync(ActivityContext context, RoleSettings settings, CancellationToken cancellationToken)
    {
        var names = UserActivityText.Names(await context.RenderListAsync(settings.Users, cancellationToken));
        var organizationId = context.OrganizationId;
        string? actingPartner = null;
        if (!string.IsNullOrWhiteSpace(settings.Customer))
        {
            organizationId = (await context.RenderAsync(settings.Customer, cancellationToken)).Trim();
            context.Journal["customer"] = organizationId;
            var delegation = services.Delegation.FirstOrDefault()
                ?? throw new InvalidOperationException("Roles of customers need the delegated administration module, which is off.");
            if (organizationId.Length is 0 or > 64 || !await delegation.IsDelegatedAdministratorAsync(context.OrganizationId, organizationId, cancellationToken))
            {
                throw new InvalidOperationException($"You are not the delegated administrator of customer '{(organizationId.Length > 64 ? organizationId[..64] + "…" : organizationId)}', so its roles cannot be changed.");
            }

            actingPartner = context.OrganizationId;
        }

        context.Journal["users"] = names;
        context.Journal["role"] = settings.Role;
        if (!context.DryRun)
        {
            // In a customer: as the customer (its organization filter and audit chain), recorded with the partner.
            using var scope = actingPartner is null ? null : services.CurrentOrganization.RunAs(organizationId);
            context.Journal["changed"] = await services.Directory
                .SetRoleAsync(organizationId, names, settings.Role, add, "workflow:" + context.WorkflowTypeId, actingPartner, cancellationToken);
        }
        else
        {
            context.Journal["dryRun"] = "not changed";
        }

        return ActivityResult.Outcome(WorkflowOutcomes.Done);
    }
}

public sealed class AssignRole(RoleActivityServices services) : RoleActivity(add: true, services)
{
    public override string Type => "AssignRole";

    public override string DisplayName => "Assign role";
}

public sealed class RemoveRole(RoleActivityServices services) : RoleActivity(add: false, services)
{
    public override string Type => "RemoveRole";

    public override string DisplayName => "Remove role";
}

/// <summary>What the role activities use: the roles, the organizations, delegation (when its module is on), the directory.</summary>
public sealed class RoleActivityServices(
    RoleCatalog roles, Core.Data.PartnerCmsDbContext db, IEnumerable<Core.Organizations.IDelegatedAdministrators> delegation,
    Core.Organizations.ICurrentOrganization currentOrganization, UserDirectoryService directory)
{
    public RoleCatalog Roles { get; } = roles;

    public Core.Data.PartnerCmsDbContext Db { get; } = db;

    public IEnumerable<Core.Organizations.IDelegatedAdministrators> Delegation { get; } = delegation;

    public Core.Organizations.ICurrentOrganization CurrentOrganization { get; } = currentOrganization;

    public UserDirectoryService Directory { get; } = directory;
}

internal static class UserActivityText
{
    /// <summary>User names as the user directory takes them: at most 500, none longer than a user name can be.</summary>
    public static List<string> Names(IReadOnlyList<string> list) => list.Where(n => n.Length <= 256).Take(500).ToList();
}

/// <summary>The directory module's workflow activities, while the workflow module is on.</summary>
[RequireModules("PartnerCms.Workflows")]
public sealed class DirectoryWorkflowStartup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<RoleActivityServices>();
        services.AddWorkflowActivity<GrantDelegatedAccess>();
        services.AddWorkflowActivity<AssignRole>();
        services.AddWorkflowActivity<RemoveRole>();
    }
}
