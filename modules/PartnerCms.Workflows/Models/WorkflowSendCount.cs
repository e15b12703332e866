using PartnerCms.Core.Organizations;

namespace PartnerCms.Workflows.Models;

/// <summary>How much one organization's workflows sent on one channel in one clock hour: shared by every node through the database.</summary>
public sealed class WorkflowSendCount : IOrganizationScoped
{
    public string OrganizationId { get; set; } = string.Empty;

    public string Channel { get; set; } = string.Empty;

    public DateTime HourUtc { get; set; }

    public int Count { get; set; }
}
