using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PartnerCms.Core.Liquid;
using PartnerCms.Core.Modules;
using PartnerCms.Core.Themes;
using PartnerCms.Landing;

using PartnerCms.TheLanding.Services;

namespace PartnerCms.TheLanding;

/// <summary>The default landing theme: header, footer and layout in Layout/*.liquid, landing.css. Other landing themes build on it.</summary>
public sealed class Startup : ModuleStartup
{
    public static readonly ThemeDescriptor Theme = new(
        "PartnerCms.TheLanding", "Landing (navy)", "Calm and plain: the partner's name on a navy band, contact details in the footer.",
        ThemeTarget.Landing, null, typeof(Startup).Assembly, "PartnerCms.TheLanding.Layout", ["/_content/PartnerCms.TheLanding/landing.css"]);

    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<LiquidOptions>(options => options.AllowModel<LandingBranding>().AllowModel<LandingPageModel>().AllowModel<LandingCultureModel>());
        services.AddTheme(Theme);
        services.TryAddSingleton<ThemeCatalog>();
        services.TryAddScoped<SiteThemes>();
        services.TryAddScoped<LandingPreview>();
        services.TryAddSingleton<LandingLayoutRenderer>();
        services.TryAddSingleton<ILandingLayout>(sp => sp.GetRequiredService<LandingLayoutRenderer>());
    }
}
