using PartnerCms.Core.Security;

namespace PartnerCms.Audit;

public static class AuditPermissionNames
{
    public const string ViewPartnerAudit = "Audit.ViewPartnerAudit";
    public const string ViewOwnAudit = "Audit.ViewOwnAudit";
}

public sealed class Permissions : IPermissionProvider
{
    public static readonly Permission ViewPartnerAudit = new(AuditPermissionNames.ViewPartnerAudit, "See the audit trail of what the partner's users did for customers", "Partner");

    public static readonly Permission ViewOwnAudit = new(AuditPermissionNames.ViewOwnAudit, "See the audit trail of what partners did in the organization", "Account portal");

    public IEnumerable<Permission> GetPermissions() => [ViewPartnerAudit, ViewOwnAudit];

    public IEnumerable<PermissionStereotype> GetDefaultStereotypes() =>
    [
        new(OrganizationRoles.PartnerGlobalAdministrator, [ViewPartnerAudit]),
        new(OrganizationRoles.CustomerGlobalAdministrator, [ViewOwnAudit]),
        new(DelegatedRoles.OnBehalfPrefix + DelegatedRoles.ReportsReader, [ViewOwnAudit]),
    ];
}
