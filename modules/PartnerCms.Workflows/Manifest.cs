using PartnerCms.Core.Modules;

namespace PartnerCms.Workflows;

public sealed class Manifest : ModuleManifest
{
    public override string Id => "PartnerCms.Workflows";

    public override string Name => "Workflows";

    public override string Description => "Workflows of activities that run when events happen (an offer accepted, a relationship granted…): e-mails, variables, conditions, timers; other modules add their events and tasks.";

    public override string Category => "Partner";

    public override Type StartupType => typeof(Startup);
}
