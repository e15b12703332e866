using PartnerCms.Core.Modules;

namespace PartnerCms.Notifications;

public sealed class Manifest : ModuleManifest
{
    public override string Id => "PartnerCms.Notifications";

    public override string Name => "Notifications";

    public override string Description => "In-portal notifications for users (with an unread count in the top bar); workflows send them.";

    public override string Category => "Platform";

    public override IReadOnlyList<string> OptionalDependencies => ["PartnerCms.Workflows"];

    public override Type StartupType => typeof(Startup);
}
