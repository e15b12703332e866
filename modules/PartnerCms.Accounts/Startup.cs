using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Modules;

namespace PartnerCms.Accounts;

public sealed class Startup : ModuleStartup
{
    /// <summary>The rate-limit policy on sign-in posts, per client address.</summary>
    public const string SignInRateLimit = "signin";

    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MvcOptions>(options => options.Filters.Add<MustChangePasswordFilter>());
        var permitsPerMinute = configuration.GetValue("Accounts:SignInAttemptsPerMinute", 20);
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(SignInRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permitsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
    }
}
