namespace PartnerCms.Workflows.Models;

/// <summary>Where a run is: running a step, waiting (halted), done, failed, or stopped by a person.</summary>
public enum WorkflowStatus
{
    Running = 0,
    Halted = 1,
    Finished = 2,
    Faulted = 3,
    Cancelled = 4,
}
