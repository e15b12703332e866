using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Extensions;
using PartnerCms.Core.Hosting;
using PartnerCms.Core.Modules;
using PartnerCms.Core.Security;
using PartnerCms.Customers.Services;

namespace PartnerCms.Customers;

public sealed class Startup : ModuleStartup
{
    /// <summary>Lookups per signed-in user, against enumeration of customers.</summary>
    public const string LookupRateLimit = "customer-lookup";

    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddPermissions<Permissions>();
        services.AddNavigation<AdminMenu>();
        services.AddScoped<CustomerLookupService>();
        services.AddScoped<ServiceRequestService>();
        services.AddScoped<OnBehalfSessions>();
        services.AddSingleton<OnBehalfCheckCache>();
        foreach (var rule in OnBehalfCheckCache.Rules)
        {
            services.AddSingleton(rule);
        }
        services.AddZoneComponent<ViewComponents.OnBehalfBannerViewComponent>(PageZones.Banner);
        services.AddZoneComponent<ViewComponents.OnBehalfNavigationViewComponent>(PageZones.NavigationHeader);
        services.Configure<OnBehalfOptions>(configuration.GetSection("Customers:OnBehalf"));
        var perMinute = configuration.GetValue("Customers:LookupsPerMinute", 30);
        services.AddPerUserRateLimit(LookupRateLimit, perMinute);
    }

    /// <summary>The on-behalf session: after authentication, before authorization (module middleware).</summary>
    public override int Order => 100;

    public override void Configure(IApplicationBuilder app) => OnBehalfMiddleware.Use(app);
}
