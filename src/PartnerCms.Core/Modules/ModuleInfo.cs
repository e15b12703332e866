namespace PartnerCms.Core.Modules;

/// <summary>An installed module and whether it runs in this site.</summary>
public sealed record ModuleInfo(ModuleManifest Manifest, bool Enabled, string? DisabledReason)
{
    public string Id => Manifest.Id;
}
