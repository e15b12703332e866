using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Hosting;
using PartnerCms.Core.Modules;
using PartnerCms.Offers.Models;
using PartnerCms.Offers.Services;

namespace PartnerCms.Offers;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddContentType(OfferPart.ContentType, type =>
        {
            type.DisplayName = "Offer";
            type.Versionable = true;
            type.WithPart<OfferPart>();
        });
        services.AddContentIndexProvider<OfferIndexProvider>();
        services.AddSingleton<OfferLinkSigner>();
        services.AddScoped<OfferService>();
    }
}
