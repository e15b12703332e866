using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Modules;
using PartnerCms.Core.Workflows;
using PartnerCms.Delegation.Models;

namespace PartnerCms.Delegation.Workflows;

/// <summary>The partner's side of relationship events: seen by the partner's workflows, correlated by the partner–customer pair.</summary>
public abstract class RelationshipEvent<TEvent> : WorkflowEventActivity<TEvent> where TEvent : notnull
{
    protected abstract string PartnerOf(TEvent domainEvent);

    protected abstract string? CustomerOf(TEvent domainEvent);

    public sealed override IEnumerable<string?> OrganizationsOf(TEvent domainEvent) => [PartnerOf(domainEvent)];

    public sealed override string CorrelationOf(TEvent domainEvent) => $"relationship:{PartnerOf(domainEvent)}:{CustomerOf(domainEvent)}";
}

public sealed class DelegatedAdministrationOfferedEvent : RelationshipEvent<DelegatedAdministrationOffered>
{
    public override string Type => "DelegatedAdministrationOffered";

    public override string DisplayName => "Delegated administration offered";

    public override string Description => "One of your users offered delegated administration (event.quoteId, event.customerOrganizationId, empty for a link any customer may answer, event.offeredBy, event.endsUtc).";

    protected override string PartnerOf(DelegatedAdministrationOffered e) => e.PartnerOrganizationId;

    protected override string? CustomerOf(DelegatedAdministrationOffered e) => e.CustomerOrganizationId;

    public override IReadOnlyDictionary<string, object?> InputOf(DelegatedAdministrationOffered e) => new Dictionary<string, object?>(StringComparer.Ordinal)
    {
        ["quoteId"] = e.QuoteId,
        ["customerOrganizationId"] = e.CustomerOrganizationId,
        ["offeredBy"] = e.OfferedBy,
        ["endsUtc"] = e.EndsUtc?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    };
}

public sealed class DelegatedAdministrationAcceptedEvent : RelationshipEvent<DelegatedAdministrationAccepted>
{
    public override string Type => "DelegatedAdministrationAccepted";

    public override string DisplayName => "Delegated administration accepted";

    public override string Description => "A customer made you its delegated administrator (event.customerOrganizationId, event.acceptedBy, event.acceptedThrough, event.endsUtc).";

    protected override string PartnerOf(DelegatedAdministrationAccepted e) => e.PartnerOrganizationId;

    protected override string? CustomerOf(DelegatedAdministrationAccepted e) => e.CustomerOrganizationId;

    public override IReadOnlyDictionary<string, object?> InputOf(DelegatedAdministrationAccepted e) => new Dictionary<string, object?>(StringComparer.Ordinal)
    {
        ["customerOrganizationId"] = e.CustomerOrganizationId,
        ["acceptedBy"] = e.AcceptedBy,
        ["acceptedThrough"] = e.AcceptedThrough,
        ["endsUtc"] = e.EndsUtc?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    };
}

public sealed class DelegatedAdministrationRemovedEvent : RelationshipEvent<DelegatedAdministrationRemoved>
{
    public override string Type => "DelegatedAdministrationRemoved";

    public override string DisplayName => "Delegated administration removed";

    public override string Description => "A customer removed you as its delegated administrator (event.customerOrganizationId, event.removedBy).";

    protected override string PartnerOf(DelegatedAdministrationRemoved e) => e.PartnerOrganizationId;

    protected override string? CustomerOf(DelegatedAdministrationRemoved e) => e.CustomerOrganizationId;

    public override IReadOnlyDictionary<string, object?> InputOf(DelegatedAdministrationRemoved e) => new Dictionary<string, object?>(StringComparer.Ordinal)
    {
        ["customerOrganizationId"] = e.CustomerOrganizationId,
        ["removedBy"] = e.RemovedBy,
    };
}

public sealed class DelegatedAdministrationExpiringEvent : RelationshipEvent<DelegatedAdministrationExpiring>
{
    public override string Type => "DelegatedAdministrationExpiring";

    public override string DisplayName => "Delegated administration expiring";

    public override string Description => "A time-bound relationship ends in 14 days (event.customerOrganizationId, event.endsUtc).";

    protected override string PartnerOf(DelegatedAdministrationExpiring e) => e.PartnerOrganizationId;

    protected override string? CustomerOf(DelegatedAdministrationExpiring e) => e.CustomerOrganizationId;

    public override IReadOnlyDictionary<string, object?> InputOf(DelegatedAdministrationExpiring e) => new Dictionary<string, object?>(StringComparer.Ordinal)
    {
        ["customerOrganizationId"] = e.CustomerOrganizationId,
        ["endsUtc"] = e.EndsUtc.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>The delegation module's workflow events, while the workflow module is on.</summary>
[RequireModules("PartnerCms.Workflows")]
public sealed class DelegationWorkflowStartup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddWorkflowEvent<DelegatedAdministrationOffered, DelegatedAdministrationOfferedEvent>();
        services.AddWorkflowEvent<DelegatedAdministrationAccepted, DelegatedAdministrationAcceptedEvent>();
        services.AddWorkflowEvent<DelegatedAdministrationRemoved, DelegatedAdministrationRemovedEvent>();
        services.AddWorkflowEvent<DelegatedAdministrationExpiring, DelegatedAdministrationExpiringEvent>();
    }
}
