using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Modules;
using PartnerCms.Workflows.Abstractions;

namespace PartnerCms.Accounts.Workflows;

/// <summary>What a workflow started by a two-step change reads as <c>event.*</c>.</summary>
public sealed record TwoStepSignInChangedPayload(string UserName, string Change, string? Method, string? ChangedBy);

/// <summary>Someone's two-step sign-in changed: seen by the workflows of the user's organization.</summary>
public sealed class TwoStepSignInChangedEvent : WorkflowEventActivity<TwoStepSignInChanged, TwoStepSignInChangedPayload>
{
    public override string Type => "TwoStepSignInChanged";

    public override string DisplayName => "Two-step sign-in changed";

    public override string Description =>
        "A user of your organization set up or removed a two-step method, used a recovery code, failed a second step, or had their methods reset by an administrator " +
        "(event.userName, event.change: method-added, method-removed, reset, recovery-code-used, recovery-codes-renewed or second-step-failed; event.method, event.changedBy).";

    public override IEnumerable<string?> OrganizationsOf(TwoStepSignInChanged domainEvent) => [domainEvent.OrganizationId];

    public override string CorrelationOf(TwoStepSignInChanged domainEvent) => "two-step:" + domainEvent.UserId;

    public override TwoStepSignInChangedPayload PayloadOf(TwoStepSignInChanged domainEvent) =>
        new(domainEvent.UserName, domainEvent.Change, domainEvent.Method, domainEvent.ByUserName);
}

[RequireModules("PartnerCms.Workflows")]
public sealed class AccountsWorkflowStartup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddWorkflowEvent<TwoStepSignInChanged, TwoStepSignInChangedEvent>();
}
