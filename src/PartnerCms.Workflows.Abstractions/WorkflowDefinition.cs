namespace PartnerCms.Workflows.Abstractions;

/// <summary>
/// What a workflow does: activities (each with typed settings) joined by transitions from named outcomes.
/// What a person or a file wrote is read as it is: a <c>null</c> list, element or value (JSON allows them) is read as
/// empty, so validation answers with what is missing instead of every reader meeting a null.
/// </summary>
public sealed class WorkflowDefinition
{
    public List<ActivityNode> Activities { get; set => field = value?.Where(a => a is not null).ToList() ?? []; } = [];

    public List<Transition> Transitions { get; set => field = value?.Where(t => t is not null).ToList() ?? []; } = [];
}
