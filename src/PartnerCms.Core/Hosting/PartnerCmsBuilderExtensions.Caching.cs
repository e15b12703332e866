using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace PartnerCms.Core.Hosting;

/// <summary>The output cache, shared through Redis by several nodes.</summary>
public static partial class PartnerCmsBuilderExtensions
{
    /// <summary>
    /// The output-cache store modules cache rendered pages in (with tags to evict them by): in memory on one node; in
    /// Redis when Redis:Configuration is set, so that several nodes share entries and evictions.
    /// </summary>
    private static void AddSharedCache(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOutputCache();
        var redis = configuration["Redis:Configuration"];
        if (!string.IsNullOrWhiteSpace(redis))
        {
            services.AddStackExchangeRedisOutputCache(options =>
            {
                options.Configuration = redis;
                options.InstanceName = configuration["Redis:InstanceName"] ?? "partnercms:";
            });
        }
    }
}
