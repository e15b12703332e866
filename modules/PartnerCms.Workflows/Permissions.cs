using PartnerCms.Core.Security;

namespace PartnerCms.Workflows;

public static class WorkflowPermissionNames
{
    public const string ManageWorkflows = "Workflows.ManageWorkflows";
}

public sealed class Permissions : IPermissionProvider
{
    public static readonly Permission ManageWorkflows = new(WorkflowPermissionNames.ManageWorkflows, "Configure the organization's workflows and follow their runs", "Partner");

    public IEnumerable<Permission> GetPermissions() => [ManageWorkflows];

    public IEnumerable<PermissionStereotype> GetDefaultStereotypes() => [new(OrganizationRoles.PartnerGlobalAdministrator, [ManageWorkflows])];
}
