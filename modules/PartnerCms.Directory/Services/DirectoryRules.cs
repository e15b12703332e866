using PartnerCms.Core.Security;

namespace PartnerCms.Directory.Services;

/// <summary>Limits of the directory that every entry point applies.</summary>
public static class DirectoryRules
{
    public const int MaxLicences = 100_000;

    /// <summary>Roles that make a user an administrator of their organization (tenant administrators).</summary>
    public static readonly IReadOnlySet<string> AdministratorRoles = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        OrganizationRoles.CustomerGlobalAdministrator,
        OrganizationRoles.CustomerPasswordAdministrator,
        OrganizationRoles.CustomerUserAdministrator,
        OrganizationRoles.PartnerGlobalAdministrator,
    };
}
