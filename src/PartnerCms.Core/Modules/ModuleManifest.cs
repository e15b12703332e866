namespace PartnerCms.Core.Modules;

/// <summary>
/// Describes a module: who it is, what it needs, and which Startup class composes it.
/// Every module has exactly one, in its Manifest.cs.
/// </summary>
public abstract class ModuleManifest
{
    public abstract string Id { get; }
    public abstract string Name { get; }
    public abstract string Description { get; }
    public abstract string Category { get; }

    /// <summary>Ids of the modules this one needs; they are started before it.</summary>
    public virtual IReadOnlyList<string> Dependencies => [];

    /// <summary>
    /// Ids of the modules this one works with when they are on (its <see cref="RequireModulesAttribute"/> startups): started
    /// before it when installed, but switching one off leaves this module on without that part.
    /// </summary>
    public virtual IReadOnlyList<string> OptionalDependencies => [];

    /// <summary>The module's Startup type; it must derive from <see cref="ModuleStartup"/>.</summary>
    public abstract Type StartupType { get; }

    public System.Reflection.Assembly Assembly => GetType().Assembly;
}
