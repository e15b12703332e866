using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;
using PartnerCms.Api.Abstractions;
using PartnerCms.Api.Models;
using PartnerCms.Core.Audit;
using PartnerCms.Core.Data;
using PartnerCms.Core.Security;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace PartnerCms.Api.Services;

public sealed record ApiClientCreated(bool Succeeded, IReadOnlyDictionary<string, string> Errors, ApiClient? Client = null, string? Secret = null);

/// <summary>
/// An organization's API clients (its global administrator's work): register with scopes and an expiry, rotate the
/// secret (the old one stays valid for a while), revoke. Each change is audited. Scopes offered are those whose
/// permission the administrator holds (<see cref="ApiScopeGrant"/>), so a client never does more than they could.
/// </summary>
public sealed class ApiClientService(
    PartnerCmsDbContext db,
    IOpenIddictApplicationManager applications,
    IEnumerable<ApiScopeGrant> grants,
    IAuthorizationService authorization,
    AuditTrail audit,
    IOptions<ApiOptions> options,
    TimeProvider clock)
{
    public const int MaxNameLength = 100;

    /// <summary>The scopes <paramref name="user"/> may give a client, with what each allows (the grants they hold a permission of).</summary>
    public async Task<IReadOnlyList<ApiScopeGrant>> ScopesFor(ClaimsPrincipal user)
    {
        var allowed = new List<ApiScopeGrant>();
        foreach (var grant in grants)
        {
            if (allowed.All(a => a.Scope != grant.Scope)
                && (await authorization.AuthorizeAsync(user, null, new PermissionRequirement(grant.Permission))).Succeeded)
            {
                allowed.Add(grant);
            }
        }

        return allowed.OrderBy(g => ApiScopes.All.ToList().IndexOf(g.Scope)).ToList();
    }

    public Task<List<ApiClient>> ListAsync(string organizationId, CancellationToken cancellationToken = default) =>
        db.Set<ApiClient>().AsNoTracking().ForOrganization(organizationId).OrderBy(c => c.RevokedUtc != null).ThenBy(c => c.Name).ToListAsync(cancellationToken);

    public async Task<ApiClientCreated> CreateAsync(ClaimsPrincipal user, string? name, IReadOnlyCollection<string>? scopes, int? days, CancellationToken cancellationToken = default)
    {
        var organizationId = user.GetOrganizationId()!;
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            errors["Name"] = $"Give the client a name of at most {MaxNameLength} characters, e.g. the system it connects (\"CRM\").";
        }

        var allowed = (await ScopesFor(user)).Select(g => g.Scope).ToList();
        var wanted = (scopes ?? []).Select(s => s.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            errors["Scopes"] = "Choose at least one scope.";
        }
        else if (wanted.FirstOrDefault(s => !allowed.Contains(s, StringComparer.Ordinal)) is { } notAllowed)
        {
            errors["Scopes"] = $"You cannot give a client the scope '{(notAllowed.Length > 40 ? notAllowed[..40] : notAllowed)}': it is not one you hold.";
        }

        var max = options.Value.MaxClientDays;
        if (days is null or < 1 || days > max)
        {
            errors["Days"] = $"Choose an expiry of 1 to {max} days.";
        }

        if (errors.Count == 0 && await db.Set<ApiClient>().ForOrganization(organizationId).CountAsync(c => c.RevokedUtc == null, cancellationToken) >= options.Value.MaxClientsPerOrganization)
        {
            errors["Name"] = $"Your organization has {options.Value.MaxClientsPerOrganization} clients, the most it may have; revoke one first.";
        }

        if (errors.Count > 0)
        {
            return new(false, errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var clientId = "pcms_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));
        var secret = NewSecret();
        var client = new ApiClient
        {
            Id = clientId,
            OrganizationId = organizationId,
            Name = name!,
            Scopes = string.Join(' ', ApiScopes.All.Where(wanted.Contains)),
            CreatedUtc = now,
            CreatedBy = user.Identity?.Name ?? "unknown",
            ExpiresUtc = now.AddDays(days!.Value),
        };
        audit.Record("api-client.created", $"{name} ({clientId}): {client.Scopes}, expires {client.ExpiresUtc:yyyy-MM-dd}", PartnerOf(user), CustomerOf(user));
        await RegisterAsync(db, applications, client, secret, cancellationToken);
        return new(true, new Dictionary<string, string>(StringComparer.Ordinal), client, secret);
    }

    /// <summary>
    /// Saves a client: our row, then OpenIddict's application (the secret hashed by OpenIddict, the grant and each scope
    /// as its permissions). The one way clients are made, by the page, the API and the recipe step.
    /// </summary>
    internal static async Task RegisterAsync(PartnerCmsDbContext db, IOpenIddictApplicationManager applications, ApiClient client, string secret, CancellationToken cancellationToken)
    {
        db.Add(client);
        await db.SaveChangesAsync(cancellationToken);
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.Id,
            ClientSecret = secret,
            ClientType = ClientTypes.Confidential,
            DisplayName = client.Name,
            Permissions = { OpenIddictConstants.Permissions.Endpoints.Token, OpenIddictConstants.Permissions.GrantTypes.ClientCredentials },
        };
        foreach (var scope in client.ScopeList)
        {
            descriptor.Permissions.Add(OpenIddictConstants.Permissions.Prefixes.Scope + scope);
        }

        await applications.CreateAsync(descriptor, cancellationToken);
    }

    /// <summary>A new secret; the previous one keeps working for <see cref="ApiOptions.PreviousSecretValidFor"/>. Null: no such active client.</summary>
    public async Task<string?> RotateAsync(ClaimsPrincipal user, string clientId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var client = await db.Set<ApiClient>().ForOrganization(user.GetOrganizationId()!).FirstOrDefaultAsync(c => c.Id == clientId, cancellationToken);
        if (client is null || !client.IsActiveAt(now) || await applications.FindByClientIdAsync(clientId, cancellationToken) is not OpenIddictEntityFrameworkCoreApplication application)
        {
            return null;
        }

        var secret = NewSecret();
        client.PreviousSecretHash = application.ClientSecret;
        client.PreviousSecretExpiresUtc = now + options.Value.PreviousSecretValidFor;
        client.RotatedUtc = now;
        audit.Record("api-client.rotated", $"{client.Name} ({clientId}): the previous secret works until {client.PreviousSecretExpiresUtc:yyyy-MM-dd HH:mm} UTC", PartnerOf(user), CustomerOf(user));
        await db.SaveChangesAsync(cancellationToken);
        await applications.UpdateAsync(application, secret, cancellationToken);
        return secret;
    }

    /// <summary>Revokes the client: its tokens stop working at the next request. False: no such active client.</summary>
    public async Task<bool> RevokeAsync(ClaimsPrincipal user, string clientId, CancellationToken cancellationToken = default)
    {
        var client = await db.Set<ApiClient>().ForOrganization(user.GetOrganizationId()!).FirstOrDefaultAsync(c => c.Id == clientId, cancellationToken);
        if (client is null || client.RevokedUtc is not null)
        {
            return false;
        }

        client.RevokedUtc = clock.GetUtcNow().UtcDateTime;
        client.RevokedBy = user.Identity?.Name;
        client.PreviousSecretHash = null;
        audit.Record("api-client.revoked", $"{client.Name} ({clientId})", PartnerOf(user), CustomerOf(user));
        await db.SaveChangesAsync(cancellationToken);
        if (await applications.FindByClientIdAsync(clientId, cancellationToken) is { } application)
        {
            await applications.DeleteAsync(application, cancellationToken);
        }

        return true;
    }

    /// <summary>"whsec"-strength random secret, shown once.</summary>
    private static string NewSecret() => "pcs_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? PartnerOf(ClaimsPrincipal user) => user.FindFirstValue(PartnerCmsClaims.OrganizationKind) == "Partner" ? user.GetOrganizationId() : null;

    private static string? CustomerOf(ClaimsPrincipal user) => user.FindFirstValue(PartnerCmsClaims.OrganizationKind) == "Customer" ? user.GetOrganizationId() : null;
}
