using PartnerCms.Core.Security;

namespace PartnerCms.Partners;

public static class PartnersPermissionNames
{
    public const string ViewCompanyInformation = "Partners.ViewCompanyInformation";
    public const string EditCompanyInformation = "Partners.EditCompanyInformation";
    public const string ViewOffices = "Partners.ViewOffices";
    public const string ManageOffices = "Partners.ManageOffices";
}

/// <summary>R1: every partner user views the company information; only the partner's global administrators edit it.</summary>
public sealed class Permissions : IPermissionProvider
{
    private const string Category = "Partner profile";

    public static readonly Permission ViewCompanyInformation = new(PartnersPermissionNames.ViewCompanyInformation, "View the company information", Category);
    public static readonly Permission EditCompanyInformation = new(PartnersPermissionNames.EditCompanyInformation, "Edit the company information", Category);
    public static readonly Permission ViewOffices = new(PartnersPermissionNames.ViewOffices, "View the partner offices", Category);
    public static readonly Permission ManageOffices = new(PartnersPermissionNames.ManageOffices, "Add, edit and retire partner offices", Category);

    public IEnumerable<Permission> GetPermissions() => [ViewCompanyInformation, EditCompanyInformation, ViewOffices, ManageOffices];

    public IEnumerable<PermissionStereotype> GetDefaultStereotypes() =>
    [
        new(OrganizationRoles.PartnerGlobalAdministrator, [ViewCompanyInformation, EditCompanyInformation, ViewOffices, ManageOffices]),
        new(OrganizationRoles.PartnerMarketing, [ViewCompanyInformation, ViewOffices]),
        new(OrganizationRoles.PartnerSales, [ViewCompanyInformation, ViewOffices]),
        new(OrganizationRoles.PartnerSupport, [ViewCompanyInformation, ViewOffices]),

        // R1: every partner user views them, also one whose only access is delegated (Full or Limited) or who has no
        // role at all; delegated access still changes nothing in the partner's own organization (R16).
        new(OrganizationRoles.PartnerUser, [ViewCompanyInformation, ViewOffices]),
    ];
}
