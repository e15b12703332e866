using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace PartnerCms.Api.Services;

/// <summary>
/// Token requests per client address (<see cref="ApiOptions.TokenRequestsPerMinute"/>, a fixed window per node). OpenIddict
/// checks a client's secret while authenticating, before any endpoint's rate limit could run, so this stands at the
/// front of the pipeline: a caller guessing secrets is slowed before a single one is checked.
/// </summary>
internal sealed class TokenRequestLimiter : IStartupFilter, IDisposable
{
    private readonly PartitionedRateLimiter<HttpContext> _limiter;

    public TokenRequestLimiter(IOptions<ApiOptions> options)
    {
        var permits = Math.Max(1, options.Value.TokenRequestsPerMinute);
        _limiter = PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    }

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        // Every other request passes straight on (no state machine of its own: this runs in front of every page).
        app.Use((context, following) =>
            HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals("/connect/token", StringComparison.OrdinalIgnoreCase)
                ? LimitAsync(context, following)
                : following(context));
        next(app);
    };

    private async Task LimitAsync(HttpContext context, RequestDelegate following)
    {
        using var lease = _limiter.AttemptAcquire(context);
        if (lease.IsAcquired)
        {
            await following(context);
            return;
        }

        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 60;
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await Results.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many token requests",
            detail: $"This address asked for too many tokens in a minute. Try again in {retryAfter} seconds, and reuse a token until it expires.").ExecuteAsync(context);
    }

    public void Dispose() => _limiter.Dispose();
}
