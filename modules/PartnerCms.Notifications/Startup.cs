using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Modules;
using PartnerCms.Core.Navigation;
using PartnerCms.Core.Security;
using PartnerCms.Notifications.Services;
using PartnerCms.Workflows.Abstractions;
using WorkflowOutcomes = PartnerCms.Workflows.Abstractions.Outcomes;

namespace PartnerCms.Notifications;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<UnreadNotificationCounts>();
        services.AddSingleton(UnreadNotificationCounts.Rule);
        services.AddScoped<NotificationService>();
        services.AddScoped<PartnerCms.Core.Notifications.IUserNotifications>(sp => sp.GetRequiredService<NotificationService>());
        services.AddScoped<ITopbarItemProvider, NotificationTopbarItem>();
    }
}

public sealed class NotifyUsersSettings
{
    /// <summary>User names of the organization, separated by commas (Liquid).</summary>
    [Field("Users", Help = "User names of your organization, separated by commas (Liquid).", Kind = FieldKind.Liquid)]
    public string? Users { get; set; }

    /// <summary>And every user of the organization in this role, e.g. Partner:Sales.</summary>
    [Field("And everyone in role", Help = "Every user of your organization in this role.", Kind = FieldKind.Role)]
    public string? Role { get; set; }

    [Field("Title", Help = "Liquid.", Kind = FieldKind.Liquid, Required = true)]

    public string Title { get; set; } = string.Empty;

    [Field("Text", Help = "Liquid.", Kind = FieldKind.LiquidMultiline)]

    public string? Body { get; set; }

    /// <summary>A path in the portal to open (Liquid), e.g. /partner/commerce?QuoteId={{ event.quoteId }}.</summary>
    [Field("Link", Help = "A path in the portal to open (Liquid), e.g. /partner/commerce.", Kind = FieldKind.Liquid)]
    public string? Link { get; set; }
}

/// <summary>Puts a notification in the portal for users of the workflow's organization (by name or role).</summary>
public sealed class NotifyUsers(RoleCatalog roles, UserManager<PartnerCmsUser> users, IWorkflowSendQuota quota, NotificationService notifications) : WorkflowActivity<NotifyUsersSettings>
{
    public override string Type => "NotifyUsers";

    public override string DisplayName => "Notify users";

    public override string Category => "Messages";

    public override string Description => "Shows a notification (Liquid title, text and portal link) to users of your organization, by name or role; unread ones are counted in the top bar.";

    public override IReadOnlyList<string> Outcomes => [WorkflowOutcomes.Done];

    protected override IReadOnlyList<ActivityError> Validate(NotifyUsersSettings settings, WorkflowValidationContext context)
    {
        var errors = new List<ActivityError>();
        if (string.IsNullOrWhiteSpace(settings.Users) && string.IsNullOrWhiteSpace(settings.Role))
        {
            errors.Add(new(nameof(NotifyUsersSettings.Users), "Name users or a role."));
        }

        if (!string.IsNullOrWhiteSpace(settings.Role) && roles.Find(settings.Role) is null)
        {
            errors.Add(new(nameof(NotifyUsersSettings.Role), $"There is no role '{settings.Role}'."));
        }

        if (string.IsNullOrWhiteSpace(settings.Title))
        {
            errors.Add(new(nameof(NotifyUsersSettings.Title), "Give a title."));
        }

        if (!string.IsNullOrWhiteSpace(settings.Link) && !settings.Link.Contains("{{", StringComparison.Ordinal) && NotificationService.LocalLink(settings.Link) is null)
        {
            errors.Add(new(nameof(NotifyUsersSettings.Link), "A path in the portal, starting with /."));
        }

        foreach (var (field, value) in new[] { (nameof(settings.Users), settings.Users), (nameof(settings.Title), settings.Title), (nameof(settings.Body), settings.Body), (nameof(settings.Link), settings.Link) })
        {
            errors.AddRange(CheckLiquid(context, field, value));
        }

        return errors;
    }

    protected override async Task<ActivityResult> ExecuteAsync(ActivityContext context, NotifyUsersSettings settings, CancellationToken cancellationToken)
    {
        var names = await context.RenderListAsync(settings.Users, cancellationToken);
        var normalized = names.Select(n => users.NormalizeName(n)).ToList();
        var ids = users.Users.Where(u => u.OrganizationId == context.OrganizationId && normalized.Contains(u.NormalizedUserName!)).Select(u => u.Id).ToList();
        if (!string.IsNullOrWhiteSpace(settings.Role))
        {
            ids.AddRange((await users.GetUsersInRoleAsync(settings.Role)).Where(u => u.OrganizationId == context.OrganizationId).Select(u => u.Id));
        }

        var title = (await context.RenderAsync(settings.Title, cancellationToken)).Trim();
        var link = NotificationService.LocalLink((await context.RenderAsync(settings.Link, cancellationToken)).Trim());
        var reached = ids.Distinct(StringComparer.Ordinal).Count();
        context.Journal["users"] = reached;
        context.Journal["title"] = title;
        await quota.TakeAsync(context, WorkflowSendChannels.Notifications, reached, cancellationToken);
        if (!context.DryRun)
        {
            notifications
                .Add(context.OrganizationId, ids, title, await context.RenderAsync(settings.Body, cancellationToken), link, "Workflow " + context.WorkflowTypeId);
        }

        return ActivityResult.Outcome(WorkflowOutcomes.Done);
    }
}

/// <summary>The notifications module's workflow activity, while the workflow module is on.</summary>
[RequireModules("PartnerCms.Workflows")]
public sealed class NotificationsWorkflowStartup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration) => services.AddWorkflowActivity<NotifyUsers>();
}
