using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Api.Abstractions;
using PartnerCms.Audit.Services;
using PartnerCms.Core.Modules;

namespace PartnerCms.Audit.Api;

public sealed record ApiAuditEntry(long Id, DateTime OccurredUtc, string Actor, string? ActorOrganizationId, string? PartnerId, string? CustomerId, string Action, string? Target, string Outcome);

/// <summary>The audit trail through the API: the entries the organization's audit page shows, newest first, paged.</summary>
public sealed class AuditApi : IApiEndpoints
{
    public void Map(RouteGroupBuilder v1) =>
        v1.MapGet("/audit-entries", ListAsync).RequireScope(ApiScopes.AuditRead).WithTags("Audit").WithName("ListAuditEntries")
            .WithSummary("Audit entries about the organization, newest first (filters: action, customerId, actor, from, to)");

    internal static async Task<Results<Ok<ApiPage<ApiAuditEntry>>, ValidationProblem>> ListAsync(
        AuditLog log, string? action, string? customerId, string? actor, DateOnly? from, DateOnly? to, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var (take, errors) = ApiPaging.Limit(limit);
        if (errors is not null || !ApiPaging.TryDecodeId(cursor, out var afterId))
        {
            return ApiProblems.Invalid(errors ?? ApiPaging.BadCursor());
        }

        if (new[] { action, customerId, actor }.Any(v => v is { Length: > 256 }))
        {
            return ApiProblems.Invalid("filter", "A filter value has at most 256 characters.");
        }

        var filter = new AuditFilter
        {
            Action = action,
            Customer = customerId,
            User = actor,
            From = from?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            To = to?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        };
        var rows = await log.Query(filter).Where(e => e.Id < afterId).OrderByDescending(e => e.Id).Take(take + 1).ToListAsync(cancellationToken);
        return TypedResults.Ok(ApiPaging.Page(rows, take, e => e.Id.ToString(CultureInfo.InvariantCulture), e => new ApiAuditEntry(
            e.Id, e.OccurredUtc, e.ActorUserName, e.ActorOrganizationId, e.PartnerOrganizationId.Length == 0 ? null : e.PartnerOrganizationId,
            e.CustomerOrganizationId.Length == 0 ? null : e.CustomerOrganizationId, e.Action, e.Target, e.Outcome)));
    }
}

/// <summary>The audit module's API endpoint and scope, while the API module is on.</summary>
[RequireModules("PartnerCms.Api")]
public sealed class AuditApiStartup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddApiEndpoints<AuditApi>();
        services.AddApiScope(ApiScopes.AuditRead, "Read the audit trail of what happened in and for your organization", AuditPermissionNames.ViewPartnerAudit);
        services.AddApiScope(ApiScopes.AuditRead, "Read the audit trail of what partners did in your organization", AuditPermissionNames.ViewOwnAudit);
    }
}
