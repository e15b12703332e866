using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Liquid;
using PartnerCms.Core.Modules;
using PartnerCms.Core.Themes;

namespace PartnerCms.TheLanding;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<LiquidOptions>(options => options.AllowModel<LandingBranding>().AllowModel<LandingPageModel>());
        services.AddSingleton<LandingLayoutRenderer>();
        services.AddSingleton<ILandingLayout>(sp => sp.GetRequiredService<LandingLayoutRenderer>());
    }
}
