using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Api.Abstractions;
using PartnerCms.Core.Data;
using PartnerCms.Core.Modules;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Security;
using PartnerCms.Delegation.Models;
using PartnerCms.Delegation.Services;

namespace PartnerCms.Delegation.Api;

/// <summary>
/// A delegated relationship as either side reads it: the other party, its state, the roles asked and approved, the end
/// date and auto-extend. <c>status</c>: offered, active, declined, removed, expired, withdrawn or lapsed.
/// </summary>
public sealed record ApiRelationship(
    string PartnerId, string PartnerName, string CustomerId, string CustomerName, string Status, IReadOnlyList<string> AskedRoles, IReadOnlyList<string> ApprovedRoles,
    DateTime? EndsUtc, bool AutoExtend, DateTime? ChangedUtc, string? OfferedThrough);

/// <summary>A customer the partner has a relationship with (the API's My customers).</summary>
public sealed record ApiCustomer(string Id, string Name, string? PrimaryDomain, string RelationshipStatus, IReadOnlyList<string> ApprovedRoles, DateTime? EndsUtc, bool AutoExtend);

/// <summary>The delegation module's API: customers with a relationship, relationships from either side, and ending one where the rules allow.</summary>
public sealed class DelegationApi : IApiEndpoints
{
    private const string Reason = "relationships belong to their customer; a partner reads those that name it, a customer those that name it";

    public void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/customers", CustomersAsync).RequireScope(ApiScopes.CustomersRead).WithTags("Customers").WithName("ListCustomers")
            .WithSummary("The partner's customers: every customer with a delegated relationship, by id");
        var relationships = v1.MapGroup("/relationships").WithTags("Relationships");
        relationships.MapGet("", ListAsync).RequireScope(ApiScopes.RelationshipsRead).WithName("ListRelationships")
            .WithSummary("A partner's relationships with its customers, or a customer's with its partners");
        relationships.MapGet("/{organizationId}", GetAsync).RequireScope(ApiScopes.RelationshipsRead).WithName("GetRelationship")
            .WithSummary("The relationship with one customer (as a partner) or one partner (as a customer)");
        relationships.MapDelete("/{organizationId}", RemoveAsync).RequireScope(ApiScopes.RelationshipsWrite).WithName("RemoveRelationship").ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("A customer removes a partner (R20: its staff lose access at once); a partner withdraws a pending request through its offer");
    }

    internal static async Task<Results<Ok<ApiPage<ApiCustomer>>, ValidationProblem, ProblemHttpResult>> CustomersAsync(
        HttpContext http, PartnerCmsDbContext db, OrganizationDirectory directory, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        if (Partner(http) is not { } partnerId)
        {
            return ApiProblems.Forbidden("Only a partner has customers.");
        }

        var (take, errors) = ApiPaging.Limit(limit);
        if (errors is not null || !ApiPaging.TryDecode(cursor, out var after))
        {
            return ApiProblems.Invalid(errors ?? ApiPaging.BadCursor());
        }

        var rows = await db.Set<DelegatedRelationshipIndex>().AsNoTracking().AcrossOrganizations(Reason)
            .Where(i => i.PartnerOrganizationId == partnerId && i.CustomerOrganizationId != "" && (after == null || i.CustomerOrganizationId.CompareTo(after) > 0))
            .OrderBy(i => i.CustomerOrganizationId).Take(take + 1).ToListAsync(cancellationToken);
        var names = await NamesAsync(directory, rows.Select(r => r.CustomerOrganizationId), cancellationToken);
        var domains = await db.OrganizationDomains.AcrossOrganizations("the primary domains of the partner's own customers").AsNoTracking()
            .Where(d => rows.Select(r => r.CustomerOrganizationId).Contains(d.OrganizationId) && d.IsPrimary)
            .ToDictionaryAsync(d => d.OrganizationId, d => d.Name, StringComparer.Ordinal, cancellationToken);
        return TypedResults.Ok(ApiPaging.Page(rows, take, r => r.CustomerOrganizationId, r => new ApiCustomer(
            r.CustomerOrganizationId, names.GetValueOrDefault(r.CustomerOrganizationId, "(removed)"), domains.GetValueOrDefault(r.CustomerOrganizationId),
            StatusName(r.Status), DelegatedRoles.Split(r.ApprovedRoles), r.EndsUtc, r.AutoExtend)));
    }

    internal static async Task<Results<Ok<ApiPage<ApiRelationship>>, ValidationProblem>> ListAsync(
        HttpContext http, PartnerCmsDbContext db, OrganizationDirectory directory, DelegatedRelationshipService relationships, string? status, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var (take, errors) = ApiPaging.Limit(limit);
        if (errors is not null || !ApiPaging.TryDecodeId(cursor, out var afterId))
        {
            return ApiProblems.Invalid(errors ?? ApiPaging.BadCursor());
        }

        var query = Own(http, db);
        if (status is not null)
        {
            if (ParseStatus(status) is not { } wanted)
            {
                return ApiProblems.Invalid("status", "Use offered, active, declined, removed, expired, withdrawn or lapsed.");
            }

            query = query.Where(i => i.Status == wanted);
        }

        var rows = await query.Where(i => i.Id < afterId).OrderByDescending(i => i.Id).Take(take + 1).ToListAsync(cancellationToken);
        var items = await RelationshipsAsync(directory, relationships, rows.Take(take).ToList(), cancellationToken);
        return TypedResults.Ok(new ApiPage<ApiRelationship>(items, rows.Count > take ? ApiPaging.Encode(rows[take - 1].Id.ToString(CultureInfo.InvariantCulture)) : null));
    }

    internal static async Task<Results<Ok<ApiRelationship>, ProblemHttpResult>> GetAsync(
        string organizationId, HttpContext http, PartnerCmsDbContext db, OrganizationDirectory directory, DelegatedRelationshipService relationships, CancellationToken cancellationToken)
    {
        var row = await Own(http, db).Where(i => i.PartnerOrganizationId == organizationId || i.CustomerOrganizationId == organizationId)
            .OrderByDescending(i => i.Id).FirstOrDefaultAsync(cancellationToken);
        return row is null ? ApiProblems.NotFound("relationship") : TypedResults.Ok((await RelationshipsAsync(directory, relationships, [row], cancellationToken))[0]);
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(
        string organizationId, HttpContext http, PartnerCmsDbContext db, OrganizationDirectory directory, DelegatedRelationshipService relationships, CancellationToken cancellationToken)
    {
        var row = await Own(http, db).Where(i => i.PartnerOrganizationId == organizationId || i.CustomerOrganizationId == organizationId)
            .OrderByDescending(i => i.Id).FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return ApiProblems.NotFound("relationship");
        }

        if (Partner(http) is not null)
        {
            var part = await relationships.GetAsync(row.PartnerOrganizationId, row.CustomerOrganizationId, cancellationToken);
            return ApiProblems.Conflict(part is { Status: RelationshipStatus.Offered, OfferedThrough: { } quoteId }
                ? $"Withdraw the request by withdrawing its offer: POST /api/v1/offers/{quoteId}/withdraw."
                : "Only the customer's global administrator can end an active relationship.");
        }

        return await relationships.RemoveAsync(row.CustomerOrganizationId, row.PartnerOrganizationId, http.User.ActorName(), cancellationToken)
            ? TypedResults.NoContent()
            : ApiProblems.Conflict("The relationship is not active.");
    }

    /// <summary>The caller's relationships: as the partner (its own rows) or as the customer (rows partners have with it).</summary>
    private static IQueryable<DelegatedRelationshipIndex> Own(HttpContext http, PartnerCmsDbContext db)
    {
        var organizationId = http.User.OrganizationId();
        return Partner(http) is not null
            ? db.Set<DelegatedRelationshipIndex>().AsNoTracking().AcrossOrganizations(Reason).Where(i => i.PartnerOrganizationId == organizationId && i.CustomerOrganizationId != "")
            : db.Set<DelegatedRelationshipIndex>().AsNoTracking().AcrossOrganizations(Reason).Where(i => i.CustomerOrganizationId == organizationId);
    }

    private static string? Partner(HttpContext http) =>
        http.User.FindFirst(PartnerCmsClaims.OrganizationKind)?.Value == nameof(OrganizationKind.Partner) ? http.User.OrganizationId() : null;

    private static async Task<List<ApiRelationship>> RelationshipsAsync(OrganizationDirectory directory, DelegatedRelationshipService relationships, List<DelegatedRelationshipIndex> rows, CancellationToken cancellationToken)
    {
        var names = await NamesAsync(directory, rows.SelectMany(r => new[] { r.PartnerOrganizationId, r.CustomerOrganizationId }), cancellationToken);
        var result = new List<ApiRelationship>();
        foreach (var row in rows)
        {
            var part = await relationships.GetAsync(row.PartnerOrganizationId, row.CustomerOrganizationId, cancellationToken);
            result.Add(new ApiRelationship(
                row.PartnerOrganizationId, names.GetValueOrDefault(row.PartnerOrganizationId, "(removed)"), row.CustomerOrganizationId, names.GetValueOrDefault(row.CustomerOrganizationId, "(removed)"),
                StatusName(row.Status), part?.Asked.ToList() ?? [], row.Status == RelationshipStatus.Active ? DelegatedRoles.Split(row.ApprovedRoles) : [],
                row.EndsUtc, row.AutoExtend, row.ChangedUtc, part?.OfferedThrough));
        }

        return result;
    }

    private static Task<Dictionary<string, string>> NamesAsync(OrganizationDirectory directory, IEnumerable<string> ids, CancellationToken cancellationToken) =>
        directory.NamesAsync(ids, cancellationToken);

    private static string StatusName(RelationshipStatus status) => status.ToString().ToLowerInvariant();

    private static RelationshipStatus? ParseStatus(string status) =>
        Enum.GetValues<RelationshipStatus>().Where(s => string.Equals(s.ToString(), status, StringComparison.OrdinalIgnoreCase)).Select(s => (RelationshipStatus?)s).FirstOrDefault();
}

/// <summary>The delegation module's API endpoints and scopes, while the API module is on.</summary>
[RequireModules("PartnerCms.Api")]
public sealed class DelegationApiStartup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddApiEndpoints<DelegationApi>();
        services.AddApiScope(ApiScopes.CustomersRead, "Read your customers (every customer with a relationship) and look customers up", DelegationPermissionNames.ViewCustomers);
        services.AddApiScope(ApiScopes.RelationshipsRead, "Read your delegated relationships with customers", DelegationPermissionNames.ViewCustomers);
        services.AddApiScope(ApiScopes.RelationshipsRead, "Read your partners and what they may do", DelegationPermissionNames.ViewPartnerRelationships);
        services.AddApiScope(ApiScopes.RelationshipsWrite, "Remove partners as delegated administrators", DelegationPermissionNames.ManagePartnerRelationships);

        // The delegation module's events as webhook events, to both sides of the relationship.
        services.AddWebhookEvent<DelegatedAdministrationOffered>(WebhookEventTypes.RelationshipOffered, e => [e.PartnerOrganizationId, e.CustomerOrganizationId],
            e => new { partnerId = e.PartnerOrganizationId, customerId = e.CustomerOrganizationId, e.QuoteId, e.OfferedBy, e.EndsUtc });
        services.AddWebhookEvent<DelegatedAdministrationAccepted>(WebhookEventTypes.RelationshipAccepted, e => [e.PartnerOrganizationId, e.CustomerOrganizationId],
            e => new { partnerId = e.PartnerOrganizationId, customerId = e.CustomerOrganizationId, e.AcceptedBy, e.EndsUtc, approvedRoles = e.ApprovedRoles ?? DelegatedRoles.FullBundle });
        services.AddWebhookEvent<DelegatedAdministrationDeclined>(WebhookEventTypes.RelationshipDeclined, e => [e.PartnerOrganizationId, e.CustomerOrganizationId],
            e => new { partnerId = e.PartnerOrganizationId, customerId = e.CustomerOrganizationId, e.DeclinedBy });
        services.AddWebhookEvent<DelegatedAdministrationRemoved>(WebhookEventTypes.RelationshipRemoved, e => [e.PartnerOrganizationId, e.CustomerOrganizationId],
            e => new { partnerId = e.PartnerOrganizationId, customerId = e.CustomerOrganizationId, e.RemovedBy });
        services.AddWebhookEvent<DelegatedAdministrationExpiring>(WebhookEventTypes.RelationshipExpiring, e => [e.PartnerOrganizationId, e.CustomerOrganizationId],
            e => new { partnerId = e.PartnerOrganizationId, customerId = e.CustomerOrganizationId, e.EndsUtc, e.DaysLeft });
        services.AddWebhookEvent<DelegatedAdministrationExpired>(WebhookEventTypes.RelationshipExpired, e => [e.PartnerOrganizationId, e.CustomerOrganizationId],
            e => new { partnerId = e.PartnerOrganizationId, customerId = e.CustomerOrganizationId, e.EndsUtc });
    }
}
