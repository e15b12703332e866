using System.Globalization;
using Fluid;
using Fluid.Values;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using PartnerCms.Core.Hosting;
using PartnerCms.Core.Liquid;
using PartnerCms.Core.Media;
using PartnerCms.Core.Modules;
using PartnerCms.Media.Services;

namespace PartnerCms.Media;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddPermissions<Permissions>();
        services.AddNavigation<AdminMenu>();
        services.Configure<MediaOptions>(configuration.GetSection("Media"));
        services.AddScoped<MediaLibrary>();
        services.AddScoped<IMediaCatalog, MediaCatalog>();
        services.AddOptions<LiquidOptions>().Configure<IServiceScopeFactory>((options, scopes) => options.AddFilter("media_url", (input, arguments, context) => MediaUrlAsync(scopes, input, arguments)));
    }

    /// <summary>
    /// <c>{{ "media-…" | media_url: 640 }}</c>: the address of one of the partner's own images (the nearest stored width
    /// at least 640 pixels wide; without a width, the original). Nothing for another partner's image, an unknown id, or a
    /// render that is not for a partner.
    /// </summary>
    private static async ValueTask<FluidValue> MediaUrlAsync(IServiceScopeFactory scopes, FluidValue input, FilterArguments arguments)
    {
        var id = input.ToStringValue().Trim();
        if (LiquidOrganization.Current is not { } organizationId || !MediaLibrary.IsId(id))
        {
            return StringValue.Empty;
        }

        var number = arguments.Count > 0 ? arguments.At(0).ToNumberValue() : 0;
        int? width = number is >= 1 and <= 10_000 ? (int)number : null;
        await using var scope = scopes.CreateAsyncScope();
        var library = scope.ServiceProvider.GetRequiredService<MediaLibrary>();
        return await library.GetAsync(organizationId, id) is { } item ? new StringValue(library.UrlFor(item, width)) : StringValue.Empty;
    }

    /// <summary>
    /// GET /media/{id}/{width|original}.{ext}, anonymous (landing pages show the images). An id's files never change, so
    /// a year's caching is safe; the ETag answers revalidation with 304. An SVG is sent with a policy that would stop
    /// anything active in it.
    /// </summary>
    public override void MapEndpoints(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/media/{id}/{file}", async (HttpContext context, string id, string file, MediaLibrary library) =>
        {
            var stem = file.Split('.', 2)[0];
            var width = stem == "original" ? 0 : int.TryParse(stem, NumberStyles.None, CultureInfo.InvariantCulture, out var w) && w is > 0 and <= 10_000 ? w : -1;
            if (width < 0 || await library.FileAsync(id, width, context.RequestAborted) is not var (item, stored))
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
            return Results.Bytes(stored.Data, item.ContentType, entityTag: new EntityTagHeaderValue($"\"{item.Hash}-{width}\""));
        }).AllowAnonymous();
}
