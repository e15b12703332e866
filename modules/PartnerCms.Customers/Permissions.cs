using PartnerCms.Core.Security;

namespace PartnerCms.Customers;

public static class CustomersPermissionNames
{
    public const string LookupCustomers = "Customers.Lookup";
    public const string ResetCustomerPasswords = "Customers.ResetPasswords";
    public const string OpenServiceRequests = "Customers.OpenServiceRequests";
    public const string ViewPartnerServiceRequests = "Customers.ViewPartnerServiceRequests";
    public const string ViewOwnServiceRequests = "Customers.ViewOwnServiceRequests";
}

/// <summary>
/// R2–R6, R16, R23. Sales staff and users with delegated access find customers (R16); only Full administration resets a
/// customer's password from the partner portal (R6); users with delegated access open service requests (R23).
/// </summary>
public sealed class Permissions : IPermissionProvider
{
    private const string Category = "Customers";

    public static readonly Permission LookupCustomers = new(CustomersPermissionNames.LookupCustomers, "Look up customers by user name or domain", Category);
    public static readonly Permission ResetCustomerPasswords = new(CustomersPermissionNames.ResetCustomerPasswords, "Reset customers' passwords from the partner portal", Category);
    public static readonly Permission OpenServiceRequests = new(CustomersPermissionNames.OpenServiceRequests, "Open service requests on behalf of customers", Category);
    public static readonly Permission ViewPartnerServiceRequests = new(CustomersPermissionNames.ViewPartnerServiceRequests, "Follow the service requests the partner opened", Category);
    public static readonly Permission ViewOwnServiceRequests = new(CustomersPermissionNames.ViewOwnServiceRequests, "Follow the service requests opened for the organization", Category);

    public IEnumerable<Permission> GetPermissions() => [LookupCustomers, ResetCustomerPasswords, OpenServiceRequests, ViewPartnerServiceRequests, ViewOwnServiceRequests];

    public IEnumerable<PermissionStereotype> GetDefaultStereotypes() =>
    [
        new(OrganizationRoles.PartnerGlobalAdministrator, [LookupCustomers, ViewPartnerServiceRequests]),
        new(OrganizationRoles.PartnerSales, [LookupCustomers, ViewPartnerServiceRequests]),
        new(OrganizationRoles.PartnerSupport, [LookupCustomers, ViewPartnerServiceRequests]),
        // Whether a user with delegated access may reset a password or open a service request for a given customer is
        // decided per customer by the roles it approved (DelegatedRoles); these only open the partner portal's actions.
        new(OrganizationRoles.DelegatedFullAdministration, [LookupCustomers, ResetCustomerPasswords, OpenServiceRequests, ViewPartnerServiceRequests]),
        new(OrganizationRoles.DelegatedTeamMember, [LookupCustomers, ResetCustomerPasswords, OpenServiceRequests, ViewPartnerServiceRequests]),
        new(OrganizationRoles.DelegatedLimitedAdministration, [LookupCustomers, ResetCustomerPasswords, OpenServiceRequests, ViewPartnerServiceRequests]),
        new(OrganizationRoles.CustomerGlobalAdministrator, [ViewOwnServiceRequests]),
        new(OrganizationRoles.CustomerUserAdministrator, [ViewOwnServiceRequests]),
        new(OrganizationRoles.CustomerPasswordAdministrator, [ViewOwnServiceRequests]),
    ];
}
