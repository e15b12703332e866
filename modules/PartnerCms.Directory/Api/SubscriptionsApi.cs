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
using PartnerCms.Directory.Models;

namespace PartnerCms.Directory.Api;

public sealed record ApiSubscription(string Id, string CustomerId, string Sku, string SkuName, int Licences, bool IsTrial, string Status, DateTime StartUtc, DateTime? EndUtc, string? AdvisorId);

/// <summary>
/// Subscriptions through the API: a customer reads its own; a partner reads those its customers bought through it (it
/// is their advisor), optionally of one customer. Nobody reads another organization's others.
/// </summary>
public sealed class SubscriptionsApi : IApiEndpoints
{
    public void Map(RouteGroupBuilder v1) =>
        v1.MapGet("/subscriptions", ListAsync).RequireScope(ApiScopes.SubscriptionsRead).WithTags("Subscriptions").WithName("ListSubscriptions")
            .WithSummary("A customer's own subscriptions; a partner's: those its customers bought through it (customerId: of one customer)");

    internal static async Task<Results<Ok<ApiPage<ApiSubscription>>, ValidationProblem>> ListAsync(HttpContext http, PartnerCmsDbContext db, string? customerId, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var (take, errors) = ApiPaging.Limit(limit);
        if (errors is not null || !ApiPaging.TryDecode(cursor, out var after))
        {
            return ApiProblems.Invalid(errors ?? ApiPaging.BadCursor());
        }

        if (customerId is { Length: > 64 })
        {
            return ApiProblems.Invalid("customerId", "A customer id has at most 64 characters.");
        }

        var organizationId = http.User.OrganizationId();
        var query = http.User.FindFirst(PartnerCmsClaims.OrganizationKind)?.Value == nameof(OrganizationKind.Partner)
            ? db.Set<Subscription>().AcrossOrganizations("a partner reads the subscriptions it advised").Where(s => s.AdvisorOrganizationId == organizationId)
            : db.Set<Subscription>().ForOrganization(organizationId);
        if (customerId is not null)
        {
            query = query.Where(s => s.OrganizationId == customerId);
        }

        var rows = await query.AsNoTracking().Where(s => after == null || s.Id.CompareTo(after) > 0).OrderBy(s => s.Id).Take(take + 1).ToListAsync(cancellationToken);
        return TypedResults.Ok(ApiPaging.Page(rows, take, s => s.Id, s => new ApiSubscription(
            s.Id, s.OrganizationId, s.SkuCode, s.SkuName, s.LicenceCount, s.IsTrial, s.Status.ToString().ToLowerInvariant(), s.StartUtc, s.EndUtc, s.AdvisorOrganizationId)));
    }
}

/// <summary>The directory module's API endpoint and scope, while the API module is on.</summary>
[RequireModules("PartnerCms.Api")]
public sealed class DirectoryApiStartup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddApiEndpoints<SubscriptionsApi>();
        services.AddApiScope(ApiScopes.SubscriptionsRead, "Read subscriptions: your own, and those your customers bought through you", DirectoryPermissionNames.ManageSubscriptions);
    }
}
