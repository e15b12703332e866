using PartnerCms.Core.Security;

namespace PartnerCms.Admin;

public static class AdminPermissionNames
{
    public const string ViewModules = "Admin.ViewModules";
}

public sealed class Permissions : IPermissionProvider
{
    public static readonly Permission ViewModules = new(AdminPermissionNames.ViewModules, "See the installed modules and whether each is on", "Platform");

    public IEnumerable<Permission> GetPermissions() => [ViewModules];

    public IEnumerable<PermissionStereotype> GetDefaultStereotypes() =>
    [
        new(OrganizationRoles.PlatformOperator, [ViewModules]),
    ];
}
