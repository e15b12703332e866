using PartnerCms.Core.Modules;

namespace PartnerCms.Media;

public sealed class Manifest : ModuleManifest
{
    public override string Id => "PartnerCms.Media";

    public override string Name => "Media library";

    public override string Description => "Each partner's images (PNG, JPEG, WebP, plain SVG), checked by content, stripped of metadata and resized to standard widths; folders, alt text, search, usage, a Liquid filter and a quota the operator sets.";

    public override string Category => "Partner";

    public override Type StartupType => typeof(Startup);
}
