using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Api.Abstractions;
using PartnerCms.Core.Audit;
using PartnerCms.Core.Data;
using PartnerCms.Core.Modules;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Security;
using PartnerCms.Customers.Models;
using PartnerCms.Customers.Services;
using PartnerCms.Delegation.Services;

namespace PartnerCms.Customers.Api;

/// <summary>A customer found by an exact lookup (R2–R3).</summary>
public sealed record ApiLookupResult(string Id, string Name, string? PrimaryDomain, bool IsDelegatedAdministrator, string? RelationshipNote);

/// <summary>A new service request for a customer the partner administers with the Service support role approved.</summary>
public sealed class ApiServiceRequestInput
{
    public string? CustomerId { get; set; }

    public string? Title { get; set; }

    public string? Description { get; set; }

    /// <summary>low, normal (default), high or critical.</summary>
    public string? Severity { get; set; }

    public string? ContactName { get; set; }

    public string? ContactEmail { get; set; }

    public string? ContactPhone { get; set; }
}

/// <summary>A status change: open, inProgress, waitingForCustomer, resolved or closed.</summary>
public sealed record ApiServiceRequestStatusInput(string? Status);

public sealed record ApiServiceRequest(
    long Id, string Number, string PartnerId, string PartnerName, string CustomerId, string CustomerName, string Title, string Description, string Severity, string Status,
    string ContactName, string ContactEmail, string? ContactPhone, string CreatedBy, DateTime CreatedUtc, DateTime ModifiedUtc);

/// <summary>The customers module's API: exact lookup (the page's rules and rate limit) and service requests.</summary>
public sealed class CustomersApi : IApiEndpoints
{
    public void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/customers/lookup", LookupAsync).RequireScope(ApiScopes.CustomersRead).RequireRateLimiting(Startup.LookupRateLimit).WithTags("Customers").WithName("LookUpCustomer")
            .WithSummary("Find a customer by its complete user name or domain name (exact, no wildcards: R2–R3)");
        var requests = v1.MapGroup("/service-requests").WithTags("Service requests");
        requests.MapGet("", ListAsync).RequireScope(ApiScopes.ServiceRequestsRead).WithName("ListServiceRequests").WithSummary("Service requests, newest first");
        requests.MapGet("/{id:long}", GetAsync).RequireScope(ApiScopes.ServiceRequestsRead).WithName("GetServiceRequest").WithSummary("One service request");
        requests.MapPost("", OpenAsync).RequireScope(ApiScopes.ServiceRequestsWrite).WithName("OpenServiceRequest")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Open a service request for a customer that approved Service support (R23)");
        requests.MapPost("/{id:long}/status", SetStatusAsync).RequireScope(ApiScopes.ServiceRequestsWrite).WithName("SetServiceRequestStatus")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Change a service request's status (If-Match: its ETag)");
    }

    internal static async Task<Results<Ok<ApiLookupResult>, ValidationProblem, ProblemHttpResult>> LookupAsync(string? q, HttpContext http, CustomerLookupService lookup, CancellationToken cancellationToken)
    {
        if (!IsPartner(http))
        {
            return ApiProblems.Forbidden("Only a partner looks customers up.");
        }

        var result = await lookup.LookupAsync(http.User.OrganizationId(), q, cancellationToken);
        return result.Outcome switch
        {
            LookupOutcome.Invalid => ApiProblems.Invalid("q", result.Message!),
            LookupOutcome.NotFound => TypedResults.Problem(result.Message, statusCode: StatusCodes.Status404NotFound, title: "No customer found."),
            _ => TypedResults.Ok(new ApiLookupResult(result.Match!.Customer.Id, result.Match.Customer.Name, result.Match.Customer.PrimaryDomain, result.Match.IsDelegatedAdministrator, result.Match.RelationshipNote)),
        };
    }

    internal static async Task<Results<Ok<ApiPage<ApiServiceRequest>>, ValidationProblem>> ListAsync(HttpContext http, PartnerCmsDbContext db, OrganizationDirectory directory, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var (take, errors) = ApiPaging.Limit(limit);
        if (errors is not null || !ApiPaging.TryDecodeId(cursor, out var afterId))
        {
            return ApiProblems.Invalid(errors ?? ApiPaging.BadCursor());
        }

        var organizationId = http.User.OrganizationId();
        var rows = await db.Set<ServiceRequest>().AsNoTracking().Where(r => (r.PartnerOrganizationId == organizationId || r.CustomerOrganizationId == organizationId) && r.Id < afterId)
            .OrderByDescending(r => r.Id).Take(take + 1).ToListAsync(cancellationToken);
        var names = await NamesAsync(directory, rows, cancellationToken);
        return TypedResults.Ok(ApiPaging.Page(rows, take, r => r.Id.ToString(CultureInfo.InvariantCulture), r => Dto(r, names)));
    }

    internal static async Task<Results<Ok<ApiServiceRequest>, ProblemHttpResult>> GetAsync(long id, HttpContext http, PartnerCmsDbContext db, OrganizationDirectory directory, CancellationToken cancellationToken)
    {
        var organizationId = http.User.OrganizationId();
        var row = await db.Set<ServiceRequest>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id && (r.PartnerOrganizationId == organizationId || r.CustomerOrganizationId == organizationId), cancellationToken);
        if (row is null)
        {
            return ApiProblems.NotFound("service request");
        }

        ApiETags.Set(http, ETagOf(row));
        return TypedResults.Ok(Dto(row, await NamesAsync(directory, [row], cancellationToken)));
    }

    internal static async Task<Results<Created<ApiServiceRequest>, ValidationProblem, ProblemHttpResult>> OpenAsync(
        ApiServiceRequestInput input, HttpContext http, PartnerCmsDbContext db, OrganizationDirectory directory, CustomerLookupService lookup, DelegatedRights rights, ServiceRequestService requests, AuditTrail audit, CancellationToken cancellationToken)
    {
        if (!IsPartner(http))
        {
            return ApiProblems.Forbidden("Only a partner opens service requests for customers.");
        }

        var partnerId = http.User.OrganizationId();
        var customerId = input.CustomerId?.Trim();
        if (string.IsNullOrEmpty(customerId) || customerId.Length > 64)
        {
            return ApiProblems.Invalid("customerId", "Name the customer (its id, from a lookup or the customers list).");
        }

        if (await lookup.DelegatedCustomerAsync(partnerId, customerId, cancellationToken) is not { } customer)
        {
            return ApiProblems.NotFound("customer you are delegated administrator of");
        }

        var granted = await rights.OfOrganizationAsync(partnerId, customer.Id, cancellationToken);
        if (!granted.OpenServiceRequests)
        {
            return ApiProblems.Forbidden(Controllers.CustomerActionsController.ServiceSupportMessage);
        }

        ServiceRequestSeverity severity = ServiceRequestSeverity.Normal;
        if (input.Severity is not null && (!Enum.TryParse(input.Severity, ignoreCase: true, out severity) || !Enum.IsDefined(severity) || input.Severity.Any(char.IsDigit)))
        {
            return ApiProblems.Invalid("severity", "Use low, normal, high or critical.");
        }

        var request = new ServiceRequestInput
        {
            Title = input.Title ?? string.Empty,
            Description = input.Description ?? string.Empty,
            Severity = severity,
            ContactName = input.ContactName ?? string.Empty,
            ContactEmail = input.ContactEmail ?? string.Empty,
            ContactPhone = input.ContactPhone,
        };
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(request, new ValidationContext(request), results, validateAllProperties: true))
        {
            return ApiProblems.Invalid(results.SelectMany(r => r.MemberNames.DefaultIfEmpty(string.Empty).Select(m => (Field: ApiField(m), r.ErrorMessage)))
                .GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage ?? "Not valid.").ToArray(), StringComparer.Ordinal));
        }

        audit.Record("customer.service-request-opened", request.Title + " — as " + granted.Allowing(DelegatedRoles.ServiceSupport), partnerId, customer.Id);
        var opened = await requests.OpenAsync(partnerId, customer.Id, request, http.User.ClientId() ?? string.Empty, http.User.ActorName(), cancellationToken);
        ApiETags.Set(http, ETagOf(opened));
        return TypedResults.Created($"/api/v1/service-requests/{opened.Id}", Dto(opened, await NamesAsync(directory, [opened], cancellationToken)));
    }

    internal static async Task<Results<Ok<ApiServiceRequest>, ValidationProblem, ProblemHttpResult>> SetStatusAsync(
        long id, ApiServiceRequestStatusInput input, HttpContext http, PartnerCmsDbContext db, OrganizationDirectory directory, ServiceRequestService requests, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<ServiceRequestStatus>(input.Status, ignoreCase: true, out var status) || !Enum.IsDefined(status) || input.Status!.Any(char.IsDigit))
        {
            return ApiProblems.Invalid("status", "Use open, inProgress, waitingForCustomer, resolved or closed.");
        }

        var partnerId = http.User.OrganizationId();
        var row = await db.Set<ServiceRequest>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id && r.PartnerOrganizationId == partnerId, cancellationToken);
        if (row is null)
        {
            return ApiProblems.NotFound("service request");
        }

        if (!ApiETags.Matches(http, ETagOf(row)))
        {
            return ApiProblems.PreconditionFailed();
        }

        await requests.SetStatusAsync(id, partnerId, status, cancellationToken);
        var changed = await db.Set<ServiceRequest>().AsNoTracking().FirstAsync(r => r.Id == id, cancellationToken);
        ApiETags.Set(http, ETagOf(changed));
        return TypedResults.Ok(Dto(changed, await NamesAsync(directory, [changed], cancellationToken)));
    }

    private static bool IsPartner(HttpContext http) => http.User.FindFirst(PartnerCmsClaims.OrganizationKind)?.Value == nameof(OrganizationKind.Partner);

    // Microseconds: what PostgreSQL keeps of a time, so the ETag of an answer and of a later read agree.
    private static string ETagOf(ServiceRequest request) => ApiETags.Of(request.Status + ":" + (request.ModifiedUtc.Ticks / 10).ToString(CultureInfo.InvariantCulture));

    private static string ApiField(string member) => member.Length == 0 ? "request" : char.ToLowerInvariant(member[0]) + member[1..];

    private static ApiServiceRequest Dto(ServiceRequest r, IReadOnlyDictionary<string, string> names) => new(
        r.Id, r.Number, r.PartnerOrganizationId, names.GetValueOrDefault(r.PartnerOrganizationId, "(removed)"), r.CustomerOrganizationId, names.GetValueOrDefault(r.CustomerOrganizationId, "(removed)"),
        r.Title, r.Description, r.Severity.ToString().ToLowerInvariant(), char.ToLowerInvariant(r.Status.ToString()[0]) + r.Status.ToString()[1..], r.ContactName, r.ContactEmail, r.ContactPhone,
        r.CreatedByName, r.CreatedUtc, r.ModifiedUtc);

    private static Task<Dictionary<string, string>> NamesAsync(OrganizationDirectory directory, IEnumerable<ServiceRequest> rows, CancellationToken cancellationToken) =>
        directory.NamesAsync(rows.SelectMany(r => new[] { r.PartnerOrganizationId, r.CustomerOrganizationId }), cancellationToken);
}

/// <summary>The customers module's API endpoints and scopes, while the API module is on.</summary>
[RequireModules("PartnerCms.Api")]
public sealed class CustomersApiStartup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddApiEndpoints<CustomersApi>();
        services.AddApiScope(ApiScopes.CustomersRead, "Look customers up by their complete user name or domain", CustomersPermissionNames.LookupCustomers);
        services.AddApiScope(ApiScopes.ServiceRequestsRead, "Read the service requests you opened for customers", CustomersPermissionNames.ViewPartnerServiceRequests);
        services.AddApiScope(ApiScopes.ServiceRequestsRead, "Read the service requests your partners opened for you", CustomersPermissionNames.ViewOwnServiceRequests);
        // Opening service requests needs Service support in the customer: staff get it through teams, and whoever
        // manages the teams (the partner's global administrator) may give it to the organization's API client too.
        services.AddApiScope(ApiScopes.ServiceRequestsWrite, "Open service requests for customers that approved Service support, and change their status", CustomersPermissionNames.OpenServiceRequests);
        services.AddApiScope(ApiScopes.ServiceRequestsWrite, "Open service requests for customers that approved Service support, and change their status", Delegation.DelegationPermissionNames.ManageTeams);

        // The customers module's events as webhook events, to the partner and the customer.
        services.AddWebhookEvent<ServiceRequestOpened>(WebhookEventTypes.ServiceRequestOpened, e => [e.PartnerOrganizationId, e.CustomerOrganizationId],
            e => new { e.Id, partnerId = e.PartnerOrganizationId, customerId = e.CustomerOrganizationId, e.Title, e.Severity, e.OpenedBy });
        services.AddWebhookEvent<ServiceRequestStatusChanged>(WebhookEventTypes.ServiceRequestStatusChanged, e => [e.PartnerOrganizationId, e.CustomerOrganizationId],
            e => new { e.Id, partnerId = e.PartnerOrganizationId, customerId = e.CustomerOrganizationId, e.Title, e.From, e.To });
        services.AddWebhookEvent<OnBehalfSessionStarted>(WebhookEventTypes.OnBehalfSessionStarted, e => [e.PartnerOrganizationId, e.CustomerOrganizationId],
            e => new { e.SessionId, e.UserName, partnerId = e.PartnerOrganizationId, customerId = e.CustomerOrganizationId });
        services.AddWebhookEvent<OnBehalfSessionEnded>(WebhookEventTypes.OnBehalfSessionEnded, e => [e.PartnerOrganizationId, e.CustomerOrganizationId],
            e => new { e.SessionId, e.UserName, partnerId = e.PartnerOrganizationId, customerId = e.CustomerOrganizationId, e.Reason });
    }
}
