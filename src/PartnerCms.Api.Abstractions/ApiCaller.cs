using System.Security.Claims;
using PartnerCms.Core.Security;

namespace PartnerCms.Api.Abstractions;

/// <summary>
/// Who calls the API: an API client of one organization. Its token carries the organization (the same claim a signed-in
/// user has, so <c>ICurrentOrganization</c> and the organization filter work unchanged), the client's id and name (the
/// name is what audit entries show as the actor) and its scopes.
/// </summary>
public static class ApiCaller
{
    public const string ClientIdClaim = "partnercms:api-client";
    /// <summary>OpenIddict's claim for a granted scope (one claim per scope).</summary>
    public const string ScopeClaim = "oi_scp";

    /// <summary>The actor name audit entries record for a client: "API client Name (id)".</summary>
    public static string ActorName(string clientName, string clientId) => $"API client {clientName} ({clientId})";

    public static string OrganizationId(this ClaimsPrincipal caller) =>
        caller.GetOrganizationId() ?? throw new InvalidOperationException("An API caller always has an organization.");

    public static string? ClientId(this ClaimsPrincipal caller) => caller.FindFirstValue(ClientIdClaim);

    /// <summary>The caller's name as the pages' services record it (created by, opened by).</summary>
    public static string ActorName(this ClaimsPrincipal caller) => caller.Identity?.Name ?? caller.ClientId() ?? "API client";

    public static bool HasScope(this ClaimsPrincipal caller, string scope) =>
        caller.FindAll(ScopeClaim).Concat(caller.FindAll("scope")).Any(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(scope, StringComparer.Ordinal));
}
