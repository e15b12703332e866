using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace PartnerCms.Core.Security;

/// <summary>Demands one permission by name.</summary>
public sealed class PermissionRequirement(string permissionName) : IAuthorizationRequirement
{
    public string PermissionName { get; } = permissionName;
}

/// <summary>Requires the caller to hold a permission: <c>[RequirePermission(PartnersPermissionNames.EditCompanyInformation)]</c>.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true)]
public sealed class RequirePermissionAttribute : AuthorizeAttribute
{
    public RequirePermissionAttribute(string permissionName)
    {
        Policy = Permission.PolicyPrefix + permissionName;
    }
}

/// <summary>Grants a permission when one of the caller's roles holds it and the caller belongs to an organization.</summary>
public sealed class PermissionAuthorizationHandler(RolePermissions rolePermissions) : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true && user.GetOrganizationId() is not null)
        {
            foreach (var role in user.FindAll(ClaimTypes.Role))
            {
                if (rolePermissions.Grants(role.Value, requirement.PermissionName))
                {
                    context.Succeed(requirement);
                    break;
                }
            }
        }

        return Task.CompletedTask;
    }
}

/// <summary>Builds "Permission:X" policies on demand, so modules need not register a policy per permission.</summary>
public sealed class PermissionPolicyProvider(IOptions<AuthorizationOptions> options) : DefaultAuthorizationPolicyProvider(options)
{
    public override async Task<AuthorizationPolicy?> GetPolicyAsync(string policyName)
    {
        if (policyName.StartsWith(Permission.PolicyPrefix, StringComparison.Ordinal))
        {
            return new AuthorizationPolicyBuilder()
                .RequireAuthenticatedUser()
                .AddRequirements(new PermissionRequirement(policyName[Permission.PolicyPrefix.Length..]))
                .Build();
        }

        return await base.GetPolicyAsync(policyName);
    }
}

public static class AuthorizationServiceExtensions
{
    public static async Task<bool> HasPermissionAsync(this IAuthorizationService authorization, ClaimsPrincipal user, Permission permission) =>
        (await authorization.AuthorizeAsync(user, null, new PermissionRequirement(permission.Name))).Succeeded;
}
