using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Modules;

namespace PartnerCms.Accounts;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration) =>
        services.Configure<MvcOptions>(options => options.Filters.Add<MustChangePasswordFilter>());
}
