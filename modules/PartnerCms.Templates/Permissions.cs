using PartnerCms.Core.Security;

namespace PartnerCms.Templates;

public static class TemplatesPermissionNames
{
    public const string ManageMessageTemplates = "Templates.ManageMessageTemplates";
}

/// <summary>Marketing staff (and global administrators) edit and publish the partner's message templates.</summary>
public sealed class Permissions : IPermissionProvider
{
    public static readonly Permission ManageMessageTemplates = new(TemplatesPermissionNames.ManageMessageTemplates, "Edit, preview and publish message templates", "Marketing");

    public IEnumerable<Permission> GetPermissions() => [ManageMessageTemplates];

    public IEnumerable<PermissionStereotype> GetDefaultStereotypes() =>
    [
        new(OrganizationRoles.PartnerMarketing, [ManageMessageTemplates]),
        new(OrganizationRoles.PartnerGlobalAdministrator, [ManageMessageTemplates]),
    ];
}
