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

    /// <summary>The module's Startup type; it must derive from <see cref="ModuleStartup"/>.</summary>
    public abstract Type StartupType { get; }

    public System.Reflection.Assembly Assembly => GetType().Assembly;
}
