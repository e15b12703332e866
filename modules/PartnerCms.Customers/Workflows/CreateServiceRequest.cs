using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Modules;
using PartnerCms.Core.Validation;
using PartnerCms.Customers.Models;
using PartnerCms.Customers.Services;
using PartnerCms.Delegation.Services;
using PartnerCms.Workflows.Abstractions;
using WorkflowOutcomes = PartnerCms.Workflows.Abstractions.Outcomes;

namespace PartnerCms.Customers.Workflows;

public sealed class CreateServiceRequestSettings
{
    /// <summary>The customer's organization id (Liquid), e.g. <c>{{ event.customerOrganizationId }}</c>.</summary>
    [Field("Customer", Help = "The customer's organization id (Liquid); only customers you are delegated administrator of.", Kind = FieldKind.Liquid, Required = true)]
    public string Customer { get; set; } = "{{ event.customerOrganizationId }}";

    [Field("Title", Help = "Liquid.", Kind = FieldKind.Liquid, Required = true)]

    public string Title { get; set; } = string.Empty;

    [Field("Description", Help = "Liquid.", Kind = FieldKind.LiquidMultiline, Required = true)]

    public string Description { get; set; } = string.Empty;

    [Field("Severity")]

    public ServiceRequestSeverity Severity { get; set; } = ServiceRequestSeverity.Normal;

    [Field("Contact name", Help = "Liquid.", Kind = FieldKind.Liquid, Required = true)]

    public string ContactName { get; set; } = string.Empty;

    [Field("Contact e-mail", Help = "Liquid.", Kind = FieldKind.Liquid, Required = true)]

    public string ContactEmail { get; set; } = string.Empty;
}

/// <summary>Opens a service request for a customer the partner is delegated administrator of (R23), as its users can.</summary>
public sealed class CreateServiceRequest(DelegatedRelationshipService relationships, ServiceRequestService requests) : WorkflowActivity<CreateServiceRequestSettings>
{
    public override string Type => "CreateServiceRequest";

    public override string DisplayName => "Create service request";

    public override string Category => "Customers";

    public override string Description => "Opens a service request for a customer you are delegated administrator of (Liquid title, description and contact).";

    public override IReadOnlyList<string> Outcomes => [WorkflowOutcomes.Done];

    protected override IReadOnlyList<ActivityError> Validate(CreateServiceRequestSettings settings, WorkflowValidationContext context)
    {
        var errors = new List<ActivityError>();
        foreach (var (field, value) in new[] { (nameof(settings.Customer), settings.Customer), (nameof(settings.Title), settings.Title), (nameof(settings.Description), settings.Description), (nameof(settings.ContactName), settings.ContactName), (nameof(settings.ContactEmail), settings.ContactEmail) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add(new(field, "Required."));
            }

            errors.AddRange(CheckLiquid(context, field, value));
        }

        if (!Enum.IsDefined(settings.Severity))
        {
            errors.Add(new(nameof(CreateServiceRequestSettings.Severity), "Low, Normal, High or Critical."));
        }

        return errors;
    }

    protected override async Task<ActivityResult> ExecuteAsync(ActivityContext context, CreateServiceRequestSettings settings, CancellationToken cancellationToken)
    {
        var customer = (await context.RenderAsync(settings.Customer, cancellationToken)).Trim();
        var input = new ServiceRequestInput
        {
            Title = await context.RenderAsync(settings.Title, cancellationToken),
            Description = await context.RenderAsync(settings.Description, cancellationToken),
            Severity = settings.Severity,
            ContactName = await context.RenderAsync(settings.ContactName, cancellationToken),
            ContactEmail = await context.RenderAsync(settings.ContactEmail, cancellationToken),
        };
        context.Journal["customer"] = customer;
        context.Journal["title"] = input.Title;
        if (ObjectValidation.Errors(input) is { Count: > 0 } errors)
        {
            throw new InvalidOperationException(string.Join(" ", errors));
        }

        // Only for a customer that has the workflow's organization as its delegated administrator, as for its users.
        if (customer.Length is 0 or > 64 || !await relationships.IsDelegatedAdministratorAsync(context.OrganizationId, customer, cancellationToken))
        {
            throw new InvalidOperationException($"'{customer}' is not a customer you are delegated administrator of.");
        }

        if (!context.DryRun)
        {
            var request = await requests
                .OpenAsync(context.OrganizationId, customer, input, "workflow:" + context.WorkflowTypeId, "Workflow", cancellationToken);
            context.Journal["serviceRequest"] = request.Id;
        }

        return ActivityResult.Outcome(WorkflowOutcomes.Done);
    }
}

public sealed class ServiceRequestOpenedEvent : WorkflowEventActivity<ServiceRequestOpened, ServiceRequestOpenedPayload>
{
    public override string Type => "ServiceRequestOpened";

    public override string DisplayName => "Service request opened";

    public override string Description => "A service request was opened for one of your customers (event.id, event.customerOrganizationId, event.title, event.severity, event.openedBy).";

    public override IEnumerable<string?> OrganizationsOf(ServiceRequestOpened e) => [e.PartnerOrganizationId];

    public override string CorrelationOf(ServiceRequestOpened e) => "service-request:" + e.Id;

    public override ServiceRequestOpenedPayload PayloadOf(ServiceRequestOpened e) =>
        new(e.Id, e.CustomerOrganizationId, e.Title, e.Severity, e.OpenedBy);
}

public sealed class ServiceRequestStatusChangedEvent : WorkflowEventActivity<ServiceRequestStatusChanged, ServiceRequestStatusChangedPayload>
{
    public override string Type => "ServiceRequestStatusChanged";

    public override string DisplayName => "Service request status changed";

    public override string Description => "A service request's status changed (event.id, event.customerOrganizationId, event.title, event.from, event.to).";

    public override IEnumerable<string?> OrganizationsOf(ServiceRequestStatusChanged e) => [e.PartnerOrganizationId];

    public override string CorrelationOf(ServiceRequestStatusChanged e) => "service-request:" + e.Id;

    public override ServiceRequestStatusChangedPayload PayloadOf(ServiceRequestStatusChanged e) =>
        new(e.Id, e.CustomerOrganizationId, e.Title, e.From, e.To);
}

/// <summary>What a workflow reads of an opened service request (<c>event.id</c>, <c>event.title</c>…).</summary>
public sealed record ServiceRequestOpenedPayload(long Id, string CustomerOrganizationId, string Title, string Severity, string OpenedBy);

/// <summary>What a workflow reads of a service request's change of status (<c>event.from</c>, <c>event.to</c>…).</summary>
public sealed record ServiceRequestStatusChangedPayload(long Id, string CustomerOrganizationId, string Title, string From, string To);

/// <summary>The customers module's workflow activities and events, while the workflow module is on.</summary>
[RequireModules("PartnerCms.Workflows")]
public sealed class CustomersWorkflowStartup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddWorkflowActivity<CreateServiceRequest>();
        services.AddWorkflowEvent<ServiceRequestOpened, ServiceRequestOpenedEvent>();
        services.AddWorkflowEvent<ServiceRequestStatusChanged, ServiceRequestStatusChangedEvent>();
    }
}
