namespace PartnerCms.Core.Organizations;

/// <summary>
/// Set on a request made in an "Administer on behalf of" session (R18): who is administering which customer, for the
/// theme's banner and navigation. The request's user is then the partner user acting in the customer's organization.
/// </summary>
public sealed record OnBehalfFeature(string SessionId, string PartnerName, string UserDisplayName, string CustomerName, bool Full);

/// <summary>
/// Whether a partner is a customer's delegated administrator now (R15). The delegation module answers it; modules that
/// act in a customer for its partner (a workflow assigning a customer's role) ask through this, without referencing it.
/// </summary>
public interface IDelegatedAdministrators
{
    Task<bool> IsDelegatedAdministratorAsync(string partnerOrganizationId, string customerOrganizationId, CancellationToken cancellationToken = default);
}
