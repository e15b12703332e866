
namespace PartnerCms.Landing;

/// <summary>A partner's branding as its landing pages show it: colours, logo, headline and introduction (rendered to plain text), which contacts, its own layout.</summary>
public sealed record PartnerBrandingView(
    string LogoUrl, int LogoWidth, string PrimaryColor, string PrimaryInk, string AccentColor, string AccentInk, string Headline, string Introduction,
    bool ShowPhone, bool ShowEmail, bool ShowWebSite, bool ShowAddress, string? LayoutOverride, string Key, string ShareTitle = "", string ShareDescription = "", string ShareImageUrl = "", string ShareImageAlt = "");
