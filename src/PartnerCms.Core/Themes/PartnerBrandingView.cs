using System.Collections.Concurrent;
using System.Reflection;
using Fluid;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PartnerCms.Core.Data;
using PartnerCms.Core.Liquid;

namespace PartnerCms.Core.Themes;

/// <summary>A partner's branding as its landing pages show it: colours, logo, headline and introduction (rendered to plain text), which contacts, its own layout.</summary>
public sealed record PartnerBrandingView(
    string LogoUrl, int LogoWidth, string PrimaryColor, string PrimaryInk, string AccentColor, string AccentInk, string Headline, string Introduction,
    bool ShowPhone, bool ShowEmail, bool ShowWebSite, bool ShowAddress, string? LayoutOverride, string Key);
