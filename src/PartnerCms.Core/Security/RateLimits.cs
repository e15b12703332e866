using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace PartnerCms.Core.Security;

/// <summary>
/// Named rate-limit policies. The framework owns the ones several modules use (sign-in: the account sign-in form and the
/// offer's sign-in and sign-up form share one budget per client); a module adds its own with the helpers below and puts
/// <c>[EnableRateLimiting(name)]</c> on its endpoints. Windows are per node (in memory): with several nodes a client
/// gets up to the limit on each.
/// </summary>
public static class RateLimits
{
    /// <summary>Posts that check a password or create an account, per client address (Accounts:SignInAttemptsPerMinute).</summary>
    public const string SignIn = "signin";

    /// <summary>A fixed one-minute window per client address.</summary>
    public static IServiceCollection AddPerClientRateLimit(this IServiceCollection services, string policy, int permitsPerMinute) =>
        services.AddRateLimiter(options => options.AddPolicy(policy, context => Window(ClientKey(context), permitsPerMinute)));

    /// <summary>A fixed one-minute window per signed-in user (per client address for anonymous callers).</summary>
    public static IServiceCollection AddPerUserRateLimit(this IServiceCollection services, string policy, int permitsPerMinute) =>
        services.AddRateLimiter(options => options.AddPolicy(policy, context =>
            Window(context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } user ? "user:" + user : ClientKey(context), permitsPerMinute)));

    private static string ClientKey(HttpContext context) => "client:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    private static RateLimitPartition<string> Window(string key, int permitsPerMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = permitsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
}
