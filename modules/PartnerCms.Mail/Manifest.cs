using PartnerCms.Core.Modules;

namespace PartnerCms.Mail;

public sealed class Manifest : ModuleManifest
{
    public override string Id => "PartnerCms.Mail";

    public override string Name => "E-mail";

    public override string Description => "Outgoing e-mail through an outbox: SMTP (MailKit) with retries and backoff, or .eml files in a pickup folder; the operator's list of outgoing mail.";

    public override string Category => "Platform";

    public override IReadOnlyList<string> OptionalDependencies => ["PartnerCms.Workflows"];

    public override Type StartupType => typeof(Startup);
}
