using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PartnerCms.Branding.Models;
using PartnerCms.Branding.Services;
using PartnerCms.Core.Content;
using PartnerCms.Core.Hosting;
using PartnerCms.Core.Modules;
using PartnerCms.Core.Navigation;
using PartnerCms.Landing;

namespace PartnerCms.Branding;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddPermissions<Permissions>();
        services.AddNavigation<AdminMenu>();
        services.AddContentType(BrandingSettings.ContentType, type =>
        {
            // Draftable only: marketing's draft is edited in place; each publish is a version.
            type.DisplayName = "Landing page branding";
            type.Draftable = true;
            type.WithPart<BrandingSettings>();
        });
        services.AddContentType(BrandingTexts.ContentType, type =>
        {
            type.DisplayName = "Landing page texts (a culture)";
            type.Draftable = true;
            type.WithPart<BrandingTexts>();
        });
        // The offers module renders (and forgets) landing pages; switched off, there is nothing to forget.
        services.TryAddSingleton<ILandingPages, NoLandingPages>();
        services.AddScoped<BrandingService>();
        services.AddScoped<BrandingTextsService>();
        services.AddRecipeStep<Recipes.BrandingTextsRecipeStep>();
        services.AddSingleton<IScheduledContentHandler, BrandingTextsScheduleHandler>();
        services.AddSingleton<IScheduledContentHandler, BrandingScheduleHandler>();
        services.AddScoped<BrandingSource>();
        services.AddScoped<IPartnerBrandingSource>(sp => sp.GetRequiredService<BrandingSource>());
        services.AddScoped<ILandingProblems>(sp => sp.GetRequiredService<BrandingSource>());
        services.AddScoped<IDashboardNoticeProvider, LayoutErrorNotice>();
    }

    /// <summary>
    /// Logos: GET /branding/logo/{hash}.{ext}, anonymous (landing pages show them). The address changes with the content,
    /// so a year's caching is safe; an SVG is sent with a policy that would stop anything active in it.
    /// </summary>
    public override void MapEndpoints(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/branding/logo/{id}", async (HttpContext context, string id, BrandingService branding) =>
        {
            var logo = await branding.LogoAsync(id, context.RequestAborted);
            if (logo is null)
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
            return Results.Bytes(logo.Data, logo.ContentType);
        }).AllowAnonymous();
}
