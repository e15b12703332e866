using PartnerCms.Core.Modules;

namespace PartnerCms.Branding;

public sealed class Manifest : ModuleManifest
{
    public override string Id => "PartnerCms.Branding";

    public override string Name => "Themes and branding";

    public override string Description => "The site's landing theme (operator), and each partner's landing-page branding: logo, colours, headline, introduction, contact details and an own layout, drafted, previewed and published.";

    public override string Category => "Partner";

    public override IReadOnlyList<string> Dependencies => ["PartnerCms.TheLanding"];

    public override Type StartupType => typeof(Startup);
}
