using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Hosting;
using PartnerCms.Core.Liquid;
using PartnerCms.Core.Modules;
using PartnerCms.Core.Security;
using PartnerCms.Templates.Models;
using PartnerCms.Templates.Recipes;
using PartnerCms.Templates.Services;

namespace PartnerCms.Templates;

public sealed class Startup : ModuleStartup
{
    /// <summary>Live previews per signed-in user: each one renders user-written Liquid.</summary>
    public const string PreviewRateLimit = "template-preview";

    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddPermissions<Permissions>();
        services.AddNavigation<AdminMenu>();
        services.AddContentType(MessageTemplatePart.ContentType, type =>
        {
            type.DisplayName = "Message template";
            type.Draftable = true;
            type.Versionable = true;
            type.WithPart<MessageTemplatePart>();
        });
        services.AddContentIndexProvider<MessageTemplateIndexProvider>();
        services.AddScoped<MessageTemplateService>();
        services.AddSingleton<PartnerCms.Core.Content.IScheduledContentHandler, TemplateScheduleHandler>();
        services.AddPerUserRateLimit(PreviewRateLimit, configuration.GetValue("Templates:PreviewsPerMinute", 60));
        services.AddRecipeStep<MessageTemplatesRecipeStep>();
        services.Configure<LiquidOptions>(options => options
            .AllowModel<PartnerModel>()
            .AllowModel<OfficeModel>()
            .AllowModel<OfferModel>()
            .AllowModel<OfferSubscriptionModel>()
            .AllowModel<CustomerModel>());
        services.Configure<MessageTemplateOptions>(options => options
            .Add(new(MessageTemplateKindNames.TrialInvitation, "Trial invitation", true, SampleData.OfferVariables, () => OfferSample(trial: true)))
            .Add(new(MessageTemplateKindNames.PurchaseOffer, "Purchase offer", true, SampleData.OfferVariables, () => OfferSample(trial: false)))
            .Add(new(MessageTemplateKindNames.DelegatedAdministrationOffer, "Delegated administration offer", true, SampleData.OfferVariables, () => OfferSample(trial: false)))
            .Add(new(MessageTemplateKindNames.CustomerWelcome, "Customer welcome", false, SampleData.CustomerVariables, CustomerSample))
            .Add(new(MessageTemplateKindNames.PartnerNotification, "Partner notification", false, SampleData.CustomerVariables, CustomerSample)));
    }

    private static IReadOnlyDictionary<string, object?> OfferSample(bool trial) => new Dictionary<string, object?>(StringComparer.Ordinal)
    {
        ["partner"] = SampleData.Partner,
        ["office"] = SampleData.Office,
        ["offer"] = SampleData.Offer(trial),
    };

    private static IReadOnlyDictionary<string, object?> CustomerSample() => new Dictionary<string, object?>(StringComparer.Ordinal)
    {
        ["partner"] = SampleData.Partner,
        ["customer"] = SampleData.Customer,
    };
}
