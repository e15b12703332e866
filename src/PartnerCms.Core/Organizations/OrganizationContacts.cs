namespace PartnerCms.Core.Organizations;

/// <summary>The address replies to an organization go to (the partners module answers from the company information); null when none is known.</summary>
public interface IOrganizationContacts
{
    Task<string?> EmailAsync(string organizationId, CancellationToken cancellationToken = default);
}

/// <summary>
/// Whether an organization is a customer of a partner: a module that knows a kind of tie answers (subscriptions the partner
/// advises, a delegated relationship). Any answer of yes is enough.
/// </summary>
public interface IPartnerCustomers
{
    Task<bool> IsCustomerAsync(string partnerOrganizationId, string customerOrganizationId, CancellationToken cancellationToken = default);
}
