using PartnerCms.Core.Security;

namespace PartnerCms.Accounts;

public static class AccountPermissionNames
{
    public const string ResetAnyonesTwoStep = "Accounts.ResetAnyonesTwoStep";
}

public sealed class Permissions : IPermissionProvider
{
    public static readonly Permission ResetAnyonesTwoStep = new(AccountPermissionNames.ResetAnyonesTwoStep, "See anyone's two-step methods and reset them", "Platform");

    public IEnumerable<Permission> GetPermissions() => [ResetAnyonesTwoStep];

    public IEnumerable<PermissionStereotype> GetDefaultStereotypes() =>
    [
        new(OrganizationRoles.PlatformOperator, [ResetAnyonesTwoStep]),
    ];
}
