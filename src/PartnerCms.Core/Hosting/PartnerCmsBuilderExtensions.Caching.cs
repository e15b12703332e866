using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Content;
using PartnerCms.Core.Data;
using PartnerCms.Core.Liquid;
using PartnerCms.Core.Modules;
using PartnerCms.Core.Navigation;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Recipes;
using PartnerCms.Core.Security;

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
