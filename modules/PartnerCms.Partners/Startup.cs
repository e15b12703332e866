using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Hosting;
using PartnerCms.Core.Modules;
using PartnerCms.Partners.Models;
using PartnerCms.Partners.Recipes;
using PartnerCms.Partners.Services;

namespace PartnerCms.Partners;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddPermissions<Permissions>();
        services.AddNavigation<AdminMenu>();
        services.AddContentType(OfficePart.ContentType, type =>
        {
            type.DisplayName = "Partner office";
            type.Versionable = true;
            type.WithPart<OfficePart>();
        });
        services.AddContentIndexProvider<OfficeIndexProvider>();
        services.AddScoped<CompanyInformationService>();
        services.AddScoped<OfficeService>();
        services.AddScoped<PartnerProfiles>();
        services.AddScoped<PartnerCms.Core.Organizations.IOrganizationContacts>(sp => sp.GetRequiredService<PartnerProfiles>());
        services.AddRecipeStep<CompanyInformationRecipeStep>();
        services.AddRecipeStep<OfficesRecipeStep>();
    }
}
