using PartnerCms.Core.Modules;

namespace PartnerCms.Catalog;

public sealed class Manifest : ModuleManifest
{
    public override string Id => "PartnerCms.Catalog";

    public override string Name => "Subscription catalog";

    public override string Description => "The subscriptions (SKUs) the vendor sells, and the usage locations each is available in.";

    public override string Category => "Commerce";

    public override Type StartupType => typeof(Startup);
}
