namespace PartnerCms.Workflows.Abstractions;

/// <summary>Which run an activity is part of: the instance, its workflow (id and name), correlation id and organization.</summary>
public sealed record WorkflowRun(string InstanceId, string WorkflowTypeId, string WorkflowName, string CorrelationId, string OrganizationId);
