using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Modules;
using PartnerCms.Core.Validation;
using PartnerCms.Core.Workflows;
using PartnerCms.Customers.Models;
using PartnerCms.Customers.Services;
using PartnerCms.Delegation.Services;

namespace PartnerCms.Customers.Workflows;

public sealed class CreateServiceRequestSettings
{
    /// <summary>The customer's organization id (Liquid), e.g. <c>{{ event.customerOrganizationId }}</c>.</summary>
    public string Customer { get; set; } = "{{ event.customerOrganizationId }}";

    public string Title { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    public ServiceRequestSeverity Severity { get; set; } = ServiceRequestSeverity.Normal;

    public string ContactName { get; set; } = string.Empty;

    public string ContactEmail { get; set; } = string.Empty;
}

/// <summary>Opens a service request for a customer the partner is delegated administrator of (R23), as its users can.</summary>
public sealed class CreateServiceRequest : WorkflowActivity<CreateServiceRequestSettings>
{
    public override string Type => "CreateServiceRequest";

    public override string DisplayName => "Create service request";

    public override string Category => "Customers";

    public override string Description => "Opens a service request for a customer you are delegated administrator of (Liquid title, description and contact).";

    public override IReadOnlyList<string> Outcomes => [Core.Workflows.Outcomes.Done];

    protected override IReadOnlyList<string> Validate(CreateServiceRequestSettings settings, WorkflowValidationContext context)
    {
        var errors = new List<string>();
        foreach (var (field, value) in new[] { ("Customer", settings.Customer), ("Title", settings.Title), ("Description", settings.Description), ("ContactName", settings.ContactName), ("ContactEmail", settings.ContactEmail) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add($"{field}: required.");
            }

            errors.AddRange(CheckLiquid(context, field, value));
        }

        if (!Enum.IsDefined(settings.Severity))
        {
            errors.Add("Severity: Low, Normal, High or Critical.");
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
        if (customer.Length is 0 or > 64 || !await context.Services.GetRequiredService<DelegatedRelationshipService>().IsDelegatedAdministratorAsync(context.OrganizationId, customer, cancellationToken))
        {
            throw new InvalidOperationException($"'{customer}' is not a customer you are delegated administrator of.");
        }

        if (!context.DryRun)
        {
            var request = await context.Services.GetRequiredService<ServiceRequestService>()
                .OpenAsync(context.OrganizationId, customer, input, "workflow:" + context.Instance.WorkflowTypeId, "Workflow", cancellationToken);
            context.Journal["serviceRequest"] = request.Id;
        }

        return ActivityResult.Outcome(Core.Workflows.Outcomes.Done);
    }
}

/// <summary>The customers module's workflow activities, while the workflow module is on.</summary>
[RequireModules("PartnerCms.Workflows")]
public sealed class CustomersWorkflowStartup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration) => services.AddWorkflowActivity<CreateServiceRequest>();
}
