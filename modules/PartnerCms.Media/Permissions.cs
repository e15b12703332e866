using PartnerCms.Core.Security;

namespace PartnerCms.Media;

public static class MediaPermissionNames
{
    public const string ManageMedia = "Media.ManageMedia";
    public const string ManageQuotas = "Media.ManageQuotas";
}

/// <summary>Marketing staff and the partner's global administrators keep the partner's images; the operator sets each partner's quota.</summary>
public sealed class Permissions : IPermissionProvider
{
    public static readonly Permission ManageMedia = new(MediaPermissionNames.ManageMedia, "Upload, describe, move and delete the partner's images", "Partner");
    public static readonly Permission ManageQuotas = new(MediaPermissionNames.ManageQuotas, "Set how much each partner's media library may hold", "Administration");

    public IEnumerable<Permission> GetPermissions() => [ManageMedia, ManageQuotas];

    public IEnumerable<PermissionStereotype> GetDefaultStereotypes() =>
    [
        new(OrganizationRoles.PartnerMarketing, [ManageMedia]),
        new(OrganizationRoles.PartnerGlobalAdministrator, [ManageMedia]),
        new(OrganizationRoles.PlatformOperator, [ManageQuotas]),
    ];
}
