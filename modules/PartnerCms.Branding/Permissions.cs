using PartnerCms.Core.Security;

namespace PartnerCms.Branding;

public static class BrandingPermissionNames
{
    public const string ManageBranding = "Branding.ManageBranding";
    public const string ManageThemes = "Branding.ManageThemes";
}

/// <summary>Marketing staff and the partner's global administrators brand the landing pages; the operator picks the theme.</summary>
public sealed class Permissions : IPermissionProvider
{
    public static readonly Permission ManageBranding = new(BrandingPermissionNames.ManageBranding, "Edit, preview and publish the landing-page branding", "Partner");
    public static readonly Permission ManageThemes = new(BrandingPermissionNames.ManageThemes, "Choose the site's landing theme", "Administration");

    public IEnumerable<Permission> GetPermissions() => [ManageBranding, ManageThemes];

    public IEnumerable<PermissionStereotype> GetDefaultStereotypes() =>
    [
        new(OrganizationRoles.PartnerMarketing, [ManageBranding]),
        new(OrganizationRoles.PartnerGlobalAdministrator, [ManageBranding]),
        new(OrganizationRoles.PlatformOperator, [ManageThemes]),
    ];
}
