using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerCms.Core.Data;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Security;

namespace PartnerCms.Core.Accounts;

/// <summary>What a user has for the second step (never the secrets) and whether policy requires one, and why.</summary>
public sealed record TwoStepState(bool HasAuthenticator, int Passkeys, int RecoveryCodesLeft, string? RequiredBecause)
{
    public bool HasMethod => HasAuthenticator || Passkeys > 0;

    public bool Required => RequiredBecause is not null;

    /// <summary>"Authenticator app, 2 passkeys" or "None".</summary>
    public string Summary => string.Join(", ", new[]
    {
        HasAuthenticator ? "Authenticator app" : null,
        Passkeys switch { 0 => null, 1 => "1 passkey", _ => $"{Passkeys} passkeys" },
    }.Where(s => s is not null)) is { Length: > 0 } text ? text : "None";
}

/// <summary>Who must have a two-step method (<see cref="TwoStepOptions"/>, the organization's own setting, an administrator's reset).</summary>
public sealed class TwoStepPolicy(PartnerCmsDbContext db, UserManager<PartnerCmsUser> users, IOptions<TwoStepOptions> options, IEnumerable<IAdditionalRoleClaims> additionalRoles)
{
    /// <summary>Why policy requires the user to have a method, or null. Roles are the names the user holds.</summary>
    public string? RequiredBecause(PartnerCmsUser user, IReadOnlyCollection<string> roles, OrganizationKind kind, bool organizationRequires)
    {
        var policy = options.Value;
        if (user.MustSetUpTwoStep)
        {
            return "an administrator reset your two-step sign-in";
        }

        if (organizationRequires)
        {
            return "your organization requires it of every user";
        }

        if (!policy.Required)
        {
            return null;
        }

        return kind switch
        {
            OrganizationKind.Platform when policy.RequirePlatformOperators && roles.Contains(OrganizationRoles.PlatformOperator, StringComparer.OrdinalIgnoreCase) => "you are a platform operator",
            OrganizationKind.Partner when policy.RequirePartnerGlobalAdministrators && roles.Contains(OrganizationRoles.PartnerGlobalAdministrator, StringComparer.OrdinalIgnoreCase) => "you are a global administrator of a partner",
            OrganizationKind.Partner when policy.RequireDelegatedAdministrators && (user.DelegatedAccess != DelegatedAccess.None || roles.Contains(OrganizationRoles.DelegatedTeamMember, StringComparer.OrdinalIgnoreCase)) => "you can administer customers on their behalf",
            OrganizationKind.Customer when policy.RequireCustomerGlobalAdministrators && roles.Contains(OrganizationRoles.CustomerGlobalAdministrator, StringComparer.OrdinalIgnoreCase) => "you are a global administrator",
            _ => null,
        };
    }

    /// <summary>
    /// The user's methods and whether policy requires one (reads the user's roles — Identity's and those modules add, such as
    /// a delegated team's — and organization), so a page that lists users says what sign-in will require.
    /// </summary>
    public async Task<TwoStepState> StateAsync(PartnerCmsUser user, CancellationToken cancellationToken = default)
    {
        var roles = (await users.GetRolesAsync(user)).ToList();
        var organization = await db.Organizations.AcrossOrganizations("the policy reads the user's own organization, also before sign-in completes")
            .Where(o => o.Id == user.OrganizationId).Select(o => new { o.Kind, o.RequireTwoStepSignIn }).FirstOrDefaultAsync(cancellationToken);
        var kind = organization?.Kind ?? OrganizationKind.Customer;
        foreach (var source in additionalRoles)
        {
            roles.AddRange(await source.RolesOfAsync(user, kind, cancellationToken));
        }

        return await StateAsync(user, roles, kind, organization?.RequireTwoStepSignIn == true, cancellationToken);
    }

    /// <summary>Roles modules add to each of these users of one organization (e.g. a delegated team's), for a list page.</summary>
    public async Task<IReadOnlyDictionary<string, List<string>>> AdditionalRolesAsync(IReadOnlyCollection<PartnerCmsUser> listed, OrganizationKind kind, CancellationToken cancellationToken = default)
    {
        var roles = listed.ToDictionary(u => u.Id, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var source in additionalRoles)
        {
            foreach (var (userId, added) in await source.RolesOfManyAsync(listed, kind, cancellationToken))
            {
                roles.GetValueOrDefault(userId)?.AddRange(added);
            }
        }

        return roles;
    }

    internal async Task<TwoStepState> StateAsync(PartnerCmsUser user, IReadOnlyCollection<string> roles, OrganizationKind kind, bool organizationRequires, CancellationToken cancellationToken)
    {
        var hasAuthenticator = user.TwoFactorEnabled && !string.IsNullOrEmpty(await users.GetAuthenticatorKeyAsync(user));
        var passkeys = await db.UserPasskeys.CountAsync(p => p.UserId == user.Id, cancellationToken);
        var codes = hasAuthenticator || passkeys > 0 ? await users.CountRecoveryCodesAsync(user) : 0;
        return new TwoStepState(hasAuthenticator, passkeys, codes, RequiredBecause(user, roles, kind, organizationRequires));
    }

    /// <summary>Whether the session passed a second step within <see cref="TwoStepOptions.StepUpMinutes"/> (or none applies to the user).</summary>
    public static bool HasRecentSecondStep(ClaimsPrincipal principal, DateTime nowUtc, TwoStepOptions options) =>
        !principal.HasClaim(c => c.Type == PartnerCmsClaims.TwoStepApplies)
        || (principal.GetSecondStepUtc() is { } at && at <= nowUtc.AddMinutes(1) && nowUtc - at <= TimeSpan.FromMinutes(options.StepUpMinutes));
}
