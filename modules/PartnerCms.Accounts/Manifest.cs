using PartnerCms.Core.Modules;

namespace PartnerCms.Accounts;

public sealed class Manifest : ModuleManifest
{
    public override string Id => "PartnerCms.Accounts";

    public override string Name => "Accounts";

    public override string Description => "Sign-in with a second step (authenticator app, passkeys, recovery codes), sign-out, one's own password and sign-in security.";

    public override string Category => "Security";

    public override Type StartupType => typeof(Startup);

    public override IReadOnlyList<string> Dependencies => ["PartnerCms.Mail"];

    public override IReadOnlyList<string> OptionalDependencies => ["PartnerCms.Workflows"];
}
