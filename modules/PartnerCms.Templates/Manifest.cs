using PartnerCms.Core.Modules;

namespace PartnerCms.Templates;

public sealed class Manifest : ModuleManifest
{
    public override string Id => "PartnerCms.Templates";

    public override string Name => "Message templates";

    public override string Description => "The Liquid templates of offer messages and notifications that marketing staff edit, preview, version and publish.";

    public override string Category => "Marketing";

    public override IReadOnlyList<string> Dependencies => ["PartnerCms.Admin"];

    public override Type StartupType => typeof(Startup);
}
