namespace PartnerCms.Core.Modules;

/// <summary>
/// The installed modules in dependency order, each marked enabled or not.
/// A module switched off by configuration also switches off the modules that depend on it.
/// </summary>
public sealed class ModuleCatalog
{
    public ModuleCatalog(IEnumerable<ModuleManifest> installed, IEnumerable<string>? disabledIds = null)
    {
        Ordered = Order(installed.ToList());
        var disabled = new HashSet<string>(disabledIds ?? [], StringComparer.OrdinalIgnoreCase);
        var modules = new List<ModuleInfo>();
        var off = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var manifest in Ordered)
        {
            string? reason = null;
            if (disabled.Contains(manifest.Id))
            {
                reason = "Switched off by configuration.";
            }
            else
            {
                var missing = manifest.Dependencies.FirstOrDefault(off.ContainsKey);
                if (missing is not null)
                {
                    reason = $"Needs '{missing}', which is switched off.";
                }
            }

            if (reason is not null)
            {
                off[manifest.Id] = reason;
            }

            modules.Add(new ModuleInfo(manifest, reason is null, reason));
        }

        Modules = modules;
    }

    /// <summary>All installed modules, dependencies first.</summary>
    public IReadOnlyList<ModuleManifest> Ordered { get; }

    public IReadOnlyList<ModuleInfo> Modules { get; }

    public IEnumerable<ModuleInfo> Enabled => Modules.Where(m => m.Enabled);

    public bool IsEnabled(string moduleId) => Modules.Any(m => m.Enabled && string.Equals(m.Id, moduleId, StringComparison.OrdinalIgnoreCase));

    /// <summary>Topological order; fails naming the module whose dependency is missing or circular.</summary>
    public static IReadOnlyList<ModuleManifest> Order(IReadOnlyList<ModuleManifest> installed)
    {
        var byId = new Dictionary<string, ModuleManifest>(StringComparer.OrdinalIgnoreCase);
        foreach (var manifest in installed)
        {
            if (!byId.TryAdd(manifest.Id, manifest))
            {
                throw new ModuleDependencyException(manifest.Id, $"Module '{manifest.Id}' is installed twice.");
            }
        }

        foreach (var manifest in installed)
        {
            foreach (var dependency in manifest.Dependencies)
            {
                if (!byId.ContainsKey(dependency))
                {
                    throw new ModuleDependencyException(manifest.Id,
                        $"Module '{manifest.Id}' depends on '{dependency}', which is not installed.");
                }
            }
        }

        var ordered = new List<ModuleManifest>(installed.Count);
        var state = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase); // false: visiting, true: done
        var path = new Stack<string>();

        void Visit(ModuleManifest manifest)
        {
            if (state.TryGetValue(manifest.Id, out var done))
            {
                if (done)
                {
                    return;
                }

                var cycle = path.Reverse().SkipWhile(id => !string.Equals(id, manifest.Id, StringComparison.OrdinalIgnoreCase))
                    .Append(manifest.Id);
                throw new ModuleDependencyException(manifest.Id,
                    $"Module '{manifest.Id}' has a circular dependency: {string.Join(" -> ", cycle)}.");
            }

            state[manifest.Id] = false;
            path.Push(manifest.Id);
            foreach (var dependency in manifest.Dependencies)
            {
                Visit(byId[dependency]);
            }

            foreach (var optional in manifest.OptionalDependencies.Where(byId.ContainsKey))
            {
                Visit(byId[optional]);
            }

            path.Pop();
            state[manifest.Id] = true;
            ordered.Add(manifest);
        }

        // Stable: modules without mutual dependencies keep the order they were installed in.
        foreach (var manifest in installed)
        {
            Visit(manifest);
        }

        return ordered;
    }
}
