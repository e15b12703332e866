using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Events;
using PartnerCms.Core.Extensions;
using PartnerCms.Core.Hosting;
using PartnerCms.Core.Liquid;
using PartnerCms.Core.Modules;
using PartnerCms.Offers.Landing;
using PartnerCms.Offers.Models;
using PartnerCms.Offers.Services;
using PartnerCms.Partners.Services;

namespace PartnerCms.Offers;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddPermissions<Permissions>();
        services.AddNavigation<AdminMenu>();
        services.AddUiLinks<LookupOfferActions>();
        services.AddUiLinks<PartnerOverviewOfferEntries>();
        services.AddContentType(OfferPart.ContentType, type =>
        {
            type.DisplayName = "Offer";
            type.Versionable = true;
            type.WithPart<OfferPart>();
        });
        services.AddContentIndexProvider<OfferIndexProvider>();
        services.AddSingleton<OfferLinkSigner>();
        services.AddSingleton<LandingPageCache>();
        services.AddSingleton<PartnerCms.Landing.ILandingPages>(sp => sp.GetRequiredService<LandingPageCache>());
        services.AddScoped<PartnerCms.Landing.ILandingPreviewRenderer, Landing.OfferLandingPreview>();
        services.AddSingleton<OfferViewCounter>();
        services.AddHostedService(sp => sp.GetRequiredService<OfferViewCounter>());
        services.AddMemoryCache();
        services.AddSingleton<RunningExperiments>();
        services.AddSingleton<ExperimentViewCounter>();
        services.AddHostedService(sp => sp.GetRequiredService<ExperimentViewCounter>());
        services.AddScoped<HeadlineExperiments>();
        services.AddScoped<OfferService>();
        services.AddScoped<PartnerCms.Delegation.Services.IRelationshipRenewals, OfferRenewals>();
        services.AddScoped<OfferPresenter>();
        services.AddScoped<OfferAcceptanceService>();
        services.AddRecipeStep<PartnerCms.Offers.Recipes.OffersRecipeStep>();
        services.AddScoped<CommerceDashboardService>();
        services.AddScoped<OfferLandingPages>();
        services.AddEventHandler<CompanyInformationChanged, ForgetLandingPagesOnCompanyChange>();
        services.AddEventHandler<OfferWithdrawn, ForgetLandingPageOnWithdrawal>();
        services.Configure<LiquidOptions>(options => options.AllowModel<LandingOfferModel>().AllowModel<LandingSubscriptionModel>().AllowModel<LandingOfficeModel>());
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        OfferLandingPages.Map(endpoints);
        PartnerPublicPages.Map(endpoints);
    }
}
