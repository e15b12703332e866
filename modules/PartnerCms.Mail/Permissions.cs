using PartnerCms.Core.Security;

namespace PartnerCms.Mail;

public static class MailPermissionNames
{
    public const string ManageMail = "Mail.ManageMail";
}

public sealed class Permissions : IPermissionProvider
{
    public static readonly Permission ManageMail = new(MailPermissionNames.ManageMail, "See outgoing e-mail, send a failed one again, send a test message", "Platform");

    public IEnumerable<Permission> GetPermissions() => [ManageMail];

    public IEnumerable<PermissionStereotype> GetDefaultStereotypes() => [new(OrganizationRoles.PlatformOperator, [ManageMail])];
}
