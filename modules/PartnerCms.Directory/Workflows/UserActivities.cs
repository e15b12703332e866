using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Modules;
using PartnerCms.Core.Security;
using PartnerCms.Core.Workflows;
using PartnerCms.Directory.Services;

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
public sealed class GrantDelegatedAccess : WorkflowActivity<GrantDelegatedAccessSettings>
{
    public override string Type => "GrantDelegatedAccess";

    public override string DisplayName => "Grant delegated access";

    public override string Category => "Users";

    public override string Description => "Gives users of your organization (by name or role) Full or Limited administration of your customers, or None; by default never lowers what a user has; audited.";

    public override IReadOnlyList<string> Outcomes => [Core.Workflows.Outcomes.Done];

    protected override IReadOnlyList<string> Validate(GrantDelegatedAccessSettings settings, WorkflowValidationContext context)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(settings.Users) && string.IsNullOrWhiteSpace(settings.Role))
        {
            errors.Add("Users: name users or a role.");
        }

        if (!string.IsNullOrWhiteSpace(settings.Role) && context.Services.GetRequiredService<RoleCatalog>().Find(settings.Role) is null)
        {
            errors.Add($"Role: there is no role '{settings.Role}'.");
        }

        if (!Enum.IsDefined(settings.Level))
        {
            errors.Add("Level: Full, Limited or None.");
        }

        errors.AddRange(CheckLiquid(context, "Users", settings.Users));
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
            return ActivityResult.Outcome(Core.Workflows.Outcomes.Done);
        }

        context.Journal["changed"] = await context.Services.GetRequiredService<UserDirectoryService>()
            .SetDelegatedAccessAsync(context.OrganizationId, names, settings.Role, settings.Level, "workflow:" + context.Instance.WorkflowTypeId, settings.NeverLower && settings.Level != DelegatedAccess.None, cancellationToken);
        return ActivityResult.Outcome(Core.Workflows.Outcomes.Done);
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
public abstract class RoleActivity(bool add) : WorkflowActivity<RoleSettings>
{
    public override string Category => "Users";

    public override IReadOnlyList<string> Outcomes => [Core.Workflows.Outcomes.Done];

    protected override IReadOnlyList<string> Validate(RoleSettings settings, WorkflowValidationContext context)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(settings.Users))
        {
            errors.Add("Users: name the users.");
        }

        var roles = context.Services.GetRequiredService<RoleCatalog>();
        if (!string.IsNullOrWhiteSpace(settings.Customer))
        {
            if (!roles.IsValidFor(settings.Role, Core.Organizations.OrganizationKind.Customer))
            {
                errors.Add($"Role: '{settings.Role}' is not a role of a customer organization.");
            }

            errors.AddRange(CheckLiquid(context, "Customer", settings.Customer));
        }
        else
        {
            var kind = context.Services.GetRequiredService<Core.Data.PartnerCmsDbContext>().Organizations
                .Where(o => o.Id == context.OrganizationId).Select(o => (Core.Organizations.OrganizationKind?)o.Kind).FirstOrDefault();
            if (kind is not { } organizationKind || !roles.IsValidFor(settings.Role, organizationKind))
            {
                errors.Add($"Role: '{settings.Role}' is not a role of your organization.");
            }
        }

        errors.AddRange(CheckLiquid(context, "Users", settings.Users));
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
            var delegation = context.Services.GetService<Core.Organizations.IDelegatedAdministrators>()
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
            using var scope = actingPartner is null ? null : context.Services.GetRequiredService<Core.Organizations.ICurrentOrganization>().RunAs(organizationId);
            context.Journal["changed"] = await context.Services.GetRequiredService<UserDirectoryService>()
                .SetRoleAsync(organizationId, names, settings.Role, add, "workflow:" + context.Instance.WorkflowTypeId, actingPartner, cancellationToken);
        }
        else
        {
            context.Journal["dryRun"] = "not changed";
        }

        return ActivityResult.Outcome(Core.Workflows.Outcomes.Done);
    }
}

public sealed class AssignRole() : RoleActivity(add: true)
{
    public override string Type => "AssignRole";

    public override string DisplayName => "Assign role";
}

public sealed class RemoveRole() : RoleActivity(add: false)
{
    public override string Type => "RemoveRole";

    public override string DisplayName => "Remove role";
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
        services.AddWorkflowActivity<GrantDelegatedAccess>();
        services.AddWorkflowActivity<AssignRole>();
        services.AddWorkflowActivity<RemoveRole>();
    }
}
