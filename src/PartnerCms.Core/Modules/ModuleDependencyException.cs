namespace PartnerCms.Core.Modules;

/// <summary>Thrown at start-up when the installed modules cannot be ordered; the message names the module.</summary>
public sealed class ModuleDependencyException(string moduleId, string message) : Exception(message)
{
    public string ModuleId { get; } = moduleId;
}
