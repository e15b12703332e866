using PartnerCms.Core.Security;

namespace PartnerCms.Api;

public static class ApiPermissionNames
{
    public const string ManageClients = "Api.ManageClients";
    public const string Operate = "Api.Operate";
    public const string ManageWebhooks = "Api.ManageWebhooks";
}

public sealed class Permissions : IPermissionProvider
{
    public static readonly Permission ManageClients = new(ApiPermissionNames.ManageClients, "Register, rotate and revoke the organization's API clients", "Integration");

    public static readonly Permission ManageWebhooks = new(ApiPermissionNames.ManageWebhooks, "Add, test and remove the organization's webhook endpoints and read their deliveries", "Integration");

    public static readonly Permission Operate = new(ApiPermissionNames.Operate, "See every organization's API clients and usage, and switch the API off", "Administration");

    public IEnumerable<Permission> GetPermissions() => [ManageClients, ManageWebhooks, Operate];

    public IEnumerable<PermissionStereotype> GetDefaultStereotypes() =>
    [
        new(OrganizationRoles.PartnerGlobalAdministrator, [ManageClients, ManageWebhooks]),
        new(OrganizationRoles.CustomerGlobalAdministrator, [ManageClients, ManageWebhooks]),
        new(OrganizationRoles.PlatformOperator, [Operate]),
    ];
}
