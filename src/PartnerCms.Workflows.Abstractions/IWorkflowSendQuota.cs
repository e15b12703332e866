namespace PartnerCms.Workflows.Abstractions;

/// <summary>
/// Anything a workflow sends outside the run is taken from a quota first: per run, per organization per clock hour and per
/// day. A limit reached faults the run (<see cref="WorkflowLimitException"/>) and tells the organization's global
/// administrators, at most once an hour; a dry run stops at nothing and records what would have stopped it.
/// </summary>
public interface IWorkflowSendQuota
{
    /// <summary>Takes <paramref name="amount"/> sends of <paramref name="channel"/> (<see cref="WorkflowSendChannels"/>) for the run, or faults it at a limit.</summary>
    Task TakeAsync(ActivityContext context, string channel, int amount, CancellationToken cancellationToken);

    /// <summary>
    /// Faults the run at a limit a module keeps itself (mail), with the same notice to administrators, once an hour per
    /// <paramref name="noticeSource"/>; a dry run records <c>wouldStop</c> instead.
    /// </summary>
    Task StopRunAsync(ActivityContext context, string reason, string title, string noticeSource, CancellationToken cancellationToken);
}
