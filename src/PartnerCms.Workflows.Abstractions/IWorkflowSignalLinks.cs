namespace PartnerCms.Workflows.Abstractions;

/// <summary>Signed links that resume an instance waiting in a signal activity (the workflow module makes them).</summary>
public interface IWorkflowSignalLinks
{
    /// <summary>The activity types that wait for a signal.</summary>
    string SignalActivityType { get; }

    string LinkFor(string instanceId, string activityId);
}
