using System.Security.Claims;

namespace PartnerCms.Core.Security;

/// <summary>The claims PartnerCms adds to a signed-in user.</summary>
public static class PartnerCmsClaims
{
    public const string OrganizationId = "partnercms:org";
    public const string OrganizationKind = "partnercms:org-kind";
    public const string DisplayName = "partnercms:display-name";
    public const string MustChangePassword = "partnercms:must-change-password";

    /// <summary>The user must set up a two-step method before reaching any other page (policy requires one, none is set up).</summary>
    public const string MustSetUpTwoStep = "partnercms:must-set-up-two-step";

    /// <summary>The user has a two-step method or policy requires one: sensitive actions ask for a recent second step.</summary>
    public const string TwoStepApplies = "partnercms:two-step-applies";

    /// <summary>When this session last passed a second step (UTC ticks) and with which method ("authenticator", "passkey", "recovery code").</summary>
    public const string SecondStepUtc = "partnercms:second-step-utc";

    public const string SecondStepMethod = "partnercms:second-step-method";

    /// <summary>Held inside an "Administer on behalf of" session: its id (the customers module adds it per request).</summary>
    public const string OnBehalfSession = "pcms:onbehalf";

    /// <summary>When the session last passed a second step, or null.</summary>
    public static DateTime? GetSecondStepUtc(this ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(SecondStepUtc), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ticks)
            && ticks > 0 && ticks < DateTime.MaxValue.Ticks
            ? new DateTime(ticks, DateTimeKind.Utc)
            : null;

    public static string? GetOrganizationId(this ClaimsPrincipal user) => user.FindFirstValue(OrganizationId);

    public static Organizations.OrganizationKind? GetOrganizationKind(this ClaimsPrincipal user) =>
        Enum.TryParse<Organizations.OrganizationKind>(user.FindFirstValue(OrganizationKind), out var kind) ? kind : null;

    public static string? GetUserId(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);

    public static string GetDisplayName(this ClaimsPrincipal user) =>
        user.FindFirstValue(DisplayName) ?? user.Identity?.Name ?? string.Empty;
}
