namespace PartnerCms.Workflows.Abstractions;

/// <summary>The channels counted by <see cref="IWorkflowSendQuota"/>.</summary>
public static class WorkflowSendChannels
{
    public const string Http = "http";
    public const string Notifications = "notifications";
}
