using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Modules;
using PartnerCms.Delegation.Models;
using PartnerCms.Workflows.Abstractions;

namespace PartnerCms.Delegation.Workflows;

/// <summary>The partner's side of relationship events: seen by the partner's workflows, correlated by the partner–customer pair.</summary>
public abstract class RelationshipEvent<TEvent, TPayload> : WorkflowEventActivity<TEvent, TPayload>
    where TEvent : notnull
    where TPayload : notnull
{
    protected abstract string PartnerOf(TEvent domainEvent);

    protected abstract string? CustomerOf(TEvent domainEvent);

    public sealed override IEnumerable<string?> OrganizationsOf(TEvent domainEvent) => [PartnerOf(domainEvent)];

    public sealed override string CorrelationOf(TEvent domainEvent) => $"relationship:{PartnerOf(domainEvent)}:{CustomerOf(domainEvent)}";
}

public sealed class DelegatedAdministrationOfferedEvent : RelationshipEvent<DelegatedAdministrationOffered, DelegatedAdministrationOfferedPayload>
{
    public override string Type => "DelegatedAdministrationOffered";

    public override string DisplayName => "Delegated administration offered";

    public override string Description => "One of your users offered delegated administration (event.quoteId, event.customerOrganizationId, empty for a link any customer may answer, event.offeredBy, event.endsUtc).";

    protected override string PartnerOf(DelegatedAdministrationOffered e) => e.PartnerOrganizationId;

    protected override string? CustomerOf(DelegatedAdministrationOffered e) => e.CustomerOrganizationId;

    public override DelegatedAdministrationOfferedPayload PayloadOf(DelegatedAdministrationOffered e) =>
        new(e.QuoteId, e.CustomerOrganizationId, e.OfferedBy, e.EndsUtc?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
}

public sealed class DelegatedAdministrationAcceptedEvent : RelationshipEvent<DelegatedAdministrationAccepted, DelegatedAdministrationAcceptedPayload>
{
    public override string Type => "DelegatedAdministrationAccepted";

    public override string DisplayName => "Delegated administration accepted";

    public override string Description => "A customer made you its delegated administrator (event.customerOrganizationId, event.acceptedBy, event.acceptedThrough, event.endsUtc, event.approvedRoles: the role names it approved, separated by commas).";

    protected override string PartnerOf(DelegatedAdministrationAccepted e) => e.PartnerOrganizationId;

    protected override string? CustomerOf(DelegatedAdministrationAccepted e) => e.CustomerOrganizationId;

    public override DelegatedAdministrationAcceptedPayload PayloadOf(DelegatedAdministrationAccepted e) =>
        new(e.CustomerOrganizationId, e.AcceptedBy, e.AcceptedThrough, e.EndsUtc?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            PartnerCms.Core.Security.DelegatedRoles.Join(e.ApprovedRoles ?? PartnerCms.Core.Security.DelegatedRoles.FullBundle));
}

public sealed class DelegatedAdministrationRemovedEvent : RelationshipEvent<DelegatedAdministrationRemoved, DelegatedAdministrationRemovedPayload>
{
    public override string Type => "DelegatedAdministrationRemoved";

    public override string DisplayName => "Delegated administration removed";

    public override string Description => "A customer removed you as its delegated administrator (event.customerOrganizationId, event.removedBy).";

    protected override string PartnerOf(DelegatedAdministrationRemoved e) => e.PartnerOrganizationId;

    protected override string? CustomerOf(DelegatedAdministrationRemoved e) => e.CustomerOrganizationId;

    public override DelegatedAdministrationRemovedPayload PayloadOf(DelegatedAdministrationRemoved e) =>
        new(e.CustomerOrganizationId, e.RemovedBy);
}

public sealed class DelegatedAdministrationExpiringEvent : RelationshipEvent<DelegatedAdministrationExpiring, DelegatedAdministrationExpiringPayload>
{
    public override string Type => "DelegatedAdministrationExpiring";

    public override string DisplayName => "Delegated administration expiring";

    public override string Description => "A time-bound relationship ends soon: raised 30, 7 and 1 days before its end (event.customerOrganizationId, event.endsUtc, event.daysLeft).";

    protected override string PartnerOf(DelegatedAdministrationExpiring e) => e.PartnerOrganizationId;

    protected override string? CustomerOf(DelegatedAdministrationExpiring e) => e.CustomerOrganizationId;

    public override DelegatedAdministrationExpiringPayload PayloadOf(DelegatedAdministrationExpiring e) =>
        new(e.CustomerOrganizationId, e.EndsUtc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), e.DaysLeft);
}

/// <summary>What a workflow reads of an offer of delegated administration: <c>event.quoteId</c>, <c>event.customerOrganizationId</c> (empty for a link any customer may answer), <c>event.offeredBy</c>, <c>event.endsUtc</c> (a day).</summary>
public sealed record DelegatedAdministrationOfferedPayload(string QuoteId, string? CustomerOrganizationId, string OfferedBy, string? EndsUtc);

/// <summary>What a workflow reads of an accepted relationship.</summary>
public sealed record DelegatedAdministrationAcceptedPayload(string CustomerOrganizationId, string AcceptedBy, string? AcceptedThrough, string? EndsUtc, string ApprovedRoles);

/// <summary>What a workflow reads of a removed relationship.</summary>
public sealed record DelegatedAdministrationRemovedPayload(string CustomerOrganizationId, string RemovedBy);

/// <summary>What a workflow reads of a relationship about to end.</summary>
public sealed record DelegatedAdministrationExpiringPayload(string CustomerOrganizationId, string EndsUtc, int DaysLeft);

/// <summary>The delegation module's workflow events and team activities, while the workflow module is on.</summary>
[RequireModules("PartnerCms.Workflows")]
public sealed class DelegationWorkflowStartup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddWorkflowEvent<DelegatedAdministrationOffered, DelegatedAdministrationOfferedEvent>();
        services.AddWorkflowEvent<DelegatedAdministrationAccepted, DelegatedAdministrationAcceptedEvent>();
        services.AddWorkflowEvent<DelegatedAdministrationRemoved, DelegatedAdministrationRemovedEvent>();
        services.AddWorkflowEvent<DelegatedAdministrationExpiring, DelegatedAdministrationExpiringEvent>();
        services.AddWorkflowActivity<AddToTeam>();
        services.AddWorkflowActivity<AssignTeamRoles>();
    }
}
