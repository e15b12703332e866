using PartnerCms.Core.Security;

namespace PartnerCms.Api;

public static class ApiPermissionNames
{
    public const string ManageClients = "Api.ManageClients";
    public const string Operate = "Api.Operate";
}

public sealed class Permissions : IPermissionProvider
{
    public static readonly Permission ManageClients = new(ApiPermissionNames.ManageClients, "Register, rotate and revoke the organization's API clients", "Integration");

    public static readonly Permission Operate = new(ApiPermissionNames.Operate, "See every organization's API clients and usage, and switch the API off", "Administration");

    public IEnumerable<Permission> GetPermissions() => [ManageClients, Operate];

    public IEnumerable<PermissionStereotype> GetDefaultStereotypes() =>
    [
        new(OrganizationRoles.PartnerGlobalAdministrator, [ManageClients]),
        new(OrganizationRoles.CustomerGlobalAdministrator, [ManageClients]),
        new(OrganizationRoles.PlatformOperator, [Operate]),
    ];
}
