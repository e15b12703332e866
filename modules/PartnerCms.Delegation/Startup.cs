using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Hosting;
using PartnerCms.Core.Modules;
using PartnerCms.Delegation.Models;
using PartnerCms.Delegation.Recipes;
using PartnerCms.Delegation.Services;

namespace PartnerCms.Delegation;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddPermissions<Permissions>();
        services.AddNavigation<AdminMenu>();
        services.AddContentType(DelegatedRelationshipPart.ContentType, type =>
        {
            type.DisplayName = "Delegated relationship";
            type.Versionable = true;
            type.WithPart<DelegatedRelationshipPart>();
        });
        services.AddContentIndexProvider<DelegatedRelationshipIndexProvider>();
        services.AddScoped<DelegatedRelationshipService>();
        services.AddScoped<DelegatedRights>();
        services.AddScoped<RelationshipNotices>();
        services.AddScoped<TeamService>();
        services.AddScoped<MyCustomers>();
        services.AddScoped<PartnerCms.Core.Accounts.IAdditionalRoleClaims, TeamRoleClaims>();
        services.AddScoped<PartnerCms.Core.Organizations.IDelegatedAdministrators>(sp => sp.GetRequiredService<DelegatedRelationshipService>());
        services.AddScoped<PartnerCms.Core.Organizations.IPartnerCustomers>(sp => sp.GetRequiredService<DelegatedRelationshipService>());
        services.AddRecurringJob<ExpireRelationshipsJob>();
        services.AddRecipeStep<DelegatedRelationshipsRecipeStep>();
        services.AddRecipeStep<PartnerTeamsRecipeStep>();
    }
}
