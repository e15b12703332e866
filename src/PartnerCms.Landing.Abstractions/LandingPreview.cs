
namespace PartnerCms.Landing;

/// <summary>Per request: render the partner's draft branding instead of the published one (the branding preview).</summary>
public sealed class LandingPreview
{
    public bool Draft { get; set; }

    /// <summary>Settings being edited and not saved yet (the branding page's Preview button): used instead of the draft.</summary>
    public PartnerBrandingView? Unsaved { get; set; }
}
