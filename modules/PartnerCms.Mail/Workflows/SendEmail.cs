using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Modules;
using PartnerCms.Core.Security;
using PartnerCms.Mail.Services;
using PartnerCms.Workflows.Abstractions;
using WorkflowOutcomes = PartnerCms.Workflows.Abstractions.Outcomes;

namespace PartnerCms.Mail.Workflows;

public sealed class SendEmailSettings
{
    /// <summary>Addresses, separated by commas or semicolons; Liquid, e.g. <c>{{ event.acceptedBy }}</c>.</summary>
    [Field("To", Help = "Addresses separated by commas; Liquid, e.g. {{ event.acceptedBy }}.", Kind = FieldKind.Liquid)]
    public string To { get; set; } = string.Empty;

    /// <summary>Also every user holding this role in the workflow's organization, e.g. Partner:Sales.</summary>
    [Field("And everyone in role", Help = "Also every user holding this role in your organization.", Kind = FieldKind.Role)]
    public string? ToRole { get; set; }

    [Field("Subject", Help = "Liquid.", Kind = FieldKind.Liquid, Required = true)]

    public string Subject { get; set; } = string.Empty;

    [Field("Body", Help = "Liquid; plain text.", Kind = FieldKind.LiquidMultiline, Required = true)]

    public string Body { get; set; } = string.Empty;
}

/// <summary>Sends an e-mail through the mail outbox (sent when the run commits; retried if the server is down).</summary>
public sealed class SendEmail(RoleCatalog roles, UserManager<PartnerCmsUser> users, WorkflowMail mail) : WorkflowActivity<SendEmailSettings>
{
    public override string Type => "SendEmail";

    public override string DisplayName => "Send e-mail";

    public override string Category => "Messages";

    public override string Description => "Sends an e-mail (Liquid subject and body) to addresses, to an expression such as {{ event.acceptedBy }}, or to the users in a role of your organization.";

    public override IReadOnlyList<string> Outcomes => [WorkflowOutcomes.Done];

    protected override IReadOnlyList<ActivityError> Validate(SendEmailSettings settings, WorkflowValidationContext context)
    {
        var errors = new List<ActivityError>();
        if (string.IsNullOrWhiteSpace(settings.To) && string.IsNullOrWhiteSpace(settings.ToRole))
        {
            errors.Add(new(nameof(SendEmailSettings.To), "Give addresses, an expression, or a role."));
        }

        if (!string.IsNullOrWhiteSpace(settings.ToRole) && roles.Find(settings.ToRole) is null)
        {
            errors.Add(new(nameof(SendEmailSettings.ToRole), $"There is no role '{settings.ToRole}'."));
        }

        if (string.IsNullOrWhiteSpace(settings.Subject))
        {
            errors.Add(new(nameof(SendEmailSettings.Subject), "Give a subject."));
        }

        errors.AddRange(CheckLiquid(context, nameof(SendEmailSettings.To), settings.To));
        errors.AddRange(CheckLiquid(context, nameof(SendEmailSettings.Subject), settings.Subject));
        errors.AddRange(CheckLiquid(context, nameof(SendEmailSettings.Body), settings.Body));
        return errors;
    }

    protected override async Task<ActivityResult> ExecuteAsync(ActivityContext context, SendEmailSettings settings, CancellationToken cancellationToken)
    {
        var to = await context.RenderListAsync(settings.To, cancellationToken);
        if (!string.IsNullOrWhiteSpace(settings.ToRole))
        {
            to = to.Concat((await users.GetUsersInRoleAsync(settings.ToRole))
                .Where(u => u.OrganizationId == context.OrganizationId && !string.IsNullOrEmpty(u.Email)).Select(u => u.Email!)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        }

        var subject = (await context.RenderAsync(settings.Subject, cancellationToken)).Trim();
        context.Journal["to"] = to;
        context.Journal["subject"] = subject;
        var sent = await mail.SendAsync(context, to, subject, await context.RenderAsync(settings.Body, cancellationToken), cancellationToken);
        context.Journal[context.DryRun ? "dryRun" : "mail"] = sent ?? "not sent";
        return ActivityResult.Outcome(WorkflowOutcomes.Done);
    }
}

/// <summary>The mail module's workflow activities, while the workflow module is on.</summary>
[RequireModules("PartnerCms.Workflows")]
public sealed class MailWorkflowStartup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddWorkflowActivity<SendEmail>();
        services.AddScoped<IWorkflowLimitsNotice>(sp => sp.GetRequiredService<WorkflowMail>());
        services.AddScoped<IMailStatusLookup, MailStatusLookup>();
    }
}

/// <summary>The status of the current organization's mails by message id (the workflow run page shows it).</summary>
public sealed class MailStatusLookup(PartnerCms.Core.Data.PartnerCmsDbContext db) : IMailStatusLookup
{
    public async Task<IReadOnlyDictionary<string, string>> StatusOfAsync(IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken = default)
    {
        var ids = messageIds.Where(i => i.Length <= 200).Take(200).ToList();
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToDictionaryAsync(
            db.Set<Models.OutgoingMail>().Where(m => ids.Contains(m.MessageId)), m => m.MessageId, m => m.Status.ToString(), StringComparer.Ordinal, cancellationToken);
    }
}
