using System.Collections.Concurrent;
using PartnerCms.Workflows.Abstractions;

namespace PartnerCms.Workflows.Services;

/// <summary>
/// Parsed definitions by workflow and version. A version is immutable once saved, so a node may keep it (no invalidation
/// needed across nodes); at most <see cref="Capacity"/> are kept. Callers must not change what they get.
/// </summary>
public sealed class WorkflowDefinitionCache
{
    public const int Capacity = 2_000;

    private readonly ConcurrentDictionary<(string, int), WorkflowDefinition> _definitions = new();

    public WorkflowDefinition? Find(string workflowTypeId, int version) => _definitions.GetValueOrDefault((workflowTypeId, version));

    public WorkflowDefinition Add(string workflowTypeId, int version, WorkflowDefinition definition)
    {
        if (_definitions.Count >= Capacity)
        {
            _definitions.Clear();
        }

        return _definitions.GetOrAdd((workflowTypeId, version), definition);
    }
}
