using PartnerCms.Core.Modules;

namespace PartnerCms.Accounts;

public sealed class Manifest : ModuleManifest
{
    public override string Id => "PartnerCms.Accounts";

    public override string Name => "Accounts";

    public override string Description => "Sign-in, sign-out and changing one's own password.";

    public override string Category => "Security";

    public override Type StartupType => typeof(Startup);
}
