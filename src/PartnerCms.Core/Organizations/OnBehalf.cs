namespace PartnerCms.Core.Organizations;

/// <summary>
/// Whether a partner is a customer's delegated administrator now (R15). The delegation module answers it; modules that
/// act in a customer for its partner (a workflow assigning a customer's role) ask through this, without referencing it.
/// </summary>
public interface IDelegatedAdministrators
{
    Task<bool> IsDelegatedAdministratorAsync(string partnerOrganizationId, string customerOrganizationId, CancellationToken cancellationToken = default);
}
