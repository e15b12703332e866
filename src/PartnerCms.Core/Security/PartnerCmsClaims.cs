using System.Security.Claims;

namespace PartnerCms.Core.Security;

/// <summary>The claims PartnerCms adds to a signed-in user.</summary>
public static class PartnerCmsClaims
{
    public const string OrganizationId = "partnercms:org";
    public const string OrganizationKind = "partnercms:org-kind";
    public const string DisplayName = "partnercms:display-name";
    public const string MustChangePassword = "partnercms:must-change-password";

    public static string? GetOrganizationId(this ClaimsPrincipal user) => user.FindFirstValue(OrganizationId);

    public static Organizations.OrganizationKind? GetOrganizationKind(this ClaimsPrincipal user) =>
        Enum.TryParse<Organizations.OrganizationKind>(user.FindFirstValue(OrganizationKind), out var kind) ? kind : null;

    public static string? GetUserId(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);

    public static string GetDisplayName(this ClaimsPrincipal user) =>
        user.FindFirstValue(DisplayName) ?? user.Identity?.Name ?? string.Empty;
}
