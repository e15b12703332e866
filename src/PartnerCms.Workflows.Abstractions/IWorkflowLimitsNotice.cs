namespace PartnerCms.Workflows.Abstractions;

/// <summary>A module tells the partner's workflows page which limits apply to its activities (e.g. how much mail a run may send).</summary>
public interface IWorkflowLimitsNotice
{
    Task<string?> DescribeAsync(string organizationId, CancellationToken cancellationToken = default);
}
