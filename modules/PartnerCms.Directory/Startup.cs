using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Hosting;
using PartnerCms.Core.Modules;
using PartnerCms.Directory.Recipes;
using PartnerCms.Directory.Services;

namespace PartnerCms.Directory;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddPermissions<Permissions>();
        services.AddNavigation<AdminMenu>();
        services.AddScoped<AccountPortalContext>();
        services.AddScoped<UserDirectoryService>();
        services.AddScoped<PasswordResetService>();
        services.AddScoped<CustomerSignUpService>();
        services.AddScoped<DomainService>();
        services.AddScoped<SubscriptionService>();
        services.AddScoped<PartnerCms.Core.Organizations.IPartnerCustomers, AdvisedCustomers>();
        services.AddRecipeStep<SubscriptionsRecipeStep>();
    }
}
