using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Modules;
using PartnerCms.Core.Themes;

namespace PartnerCms.TheHorizon;

/// <summary>
/// Horizon: its own header (a centred hero) and stylesheet; the layout and footer are the landing theme's, which it
/// names as its base — a theme overrides only what it changes.
/// </summary>
public sealed class Startup : ModuleStartup
{
    public static readonly ThemeDescriptor Theme = new(
        "PartnerCms.TheHorizon", "Horizon (bright)", "Warm and open: a centred hero with the partner's logo and headline on a light gradient, rounded cards.",
        ThemeTarget.Landing, "PartnerCms.TheLanding", typeof(Startup).Assembly, "PartnerCms.TheHorizon.Layout", ["/_content/PartnerCms.TheHorizon/horizon.css"]);

    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration) => services.AddTheme(Theme);
}
