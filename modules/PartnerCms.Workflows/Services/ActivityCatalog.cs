using PartnerCms.Workflows.Abstractions;

namespace PartnerCms.Workflows.Services;

/// <summary>The activities the enabled modules contribute, by type name (made per scope, as the activities are).</summary>
public sealed class ActivityCatalog(IEnumerable<WorkflowActivity> activities)
{
    private readonly Dictionary<string, WorkflowActivity> _byType = activities.ToDictionary(a => a.Type, StringComparer.Ordinal);

    public IReadOnlyCollection<WorkflowActivity> All => _byType.Values;

    public WorkflowActivity? Find(string type) => _byType.GetValueOrDefault(type);
}
