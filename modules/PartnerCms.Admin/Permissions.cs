using PartnerCms.Core.Security;

namespace PartnerCms.Admin;

public static class AdminPermissionNames
{
    public const string ViewModules = "Admin.ViewModules";
    public const string ManageEvents = "Admin.ManageEvents";
    public const string ManageCultures = "Admin.ManageCultures";
}

public sealed class Permissions : IPermissionProvider
{
    public static readonly Permission ViewModules = new(AdminPermissionNames.ViewModules, "See the installed modules and whether each is on", "Platform");

    public static readonly Permission ManageEvents = new(AdminPermissionNames.ManageEvents, "See undelivered (parked) events and send them again", "Platform");

    public static readonly Permission ManageCultures = new(AdminPermissionNames.ManageCultures, "Enable cultures and set the culture of each usage location", "Platform");

    public IEnumerable<Permission> GetPermissions() => [ViewModules, ManageEvents, ManageCultures];

    public IEnumerable<PermissionStereotype> GetDefaultStereotypes() =>
    [
        new(OrganizationRoles.PlatformOperator, [ViewModules, ManageEvents, ManageCultures]),
    ];
}
