using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Catalog.Recipes;
using PartnerCms.Catalog.Services;
using PartnerCms.Core.Hosting;
using PartnerCms.Core.Modules;

namespace PartnerCms.Catalog;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<CatalogService>();
        services.AddRecipeStep<CatalogRecipeStep>();
    }
}
