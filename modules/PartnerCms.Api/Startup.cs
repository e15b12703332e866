using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using OpenIddict.Validation.AspNetCore;
using PartnerCms.Api.Abstractions;
using PartnerCms.Api.Services;
using PartnerCms.Core.Data;
using PartnerCms.Core.Hosting;
using PartnerCms.Core.Modules;
using PartnerCms.Core.Security;
using Scalar.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace PartnerCms.Api;

/// <summary>
/// The public API's mechanism: OpenIddict (client credentials at /connect/token, tokens protected with the site's Data
/// Protection keys so every node reads them), the /api/v1 group every module adds its endpoints to (authenticated as an
/// API client that is still active, scope-checked, rate limited per client, idempotent POSTs, ProblemDetails for every
/// error), the OpenAPI document at /openapi/v1.json and its browser at /api/docs.
/// </summary>
public sealed class Startup : ModuleStartup
{
    public const string RateLimitPolicy = "api";
    public const string ApiPolicy = "ApiClient";

    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddPermissions<Permissions>();
        services.AddNavigation<AdminMenu>();
        services.Configure<ApiOptions>(configuration.GetSection("Api"));
        var options = configuration.GetSection("Api").Get<ApiOptions>() ?? new ApiOptions();
        services.AddScoped<ApiClientService>();
        services.AddScoped<ApiClientGate>();
        services.AddSingleton<IStartupFilter, TokenRequestLimiter>();
        services.AddScoped<IdempotencyFilter>();
        services.AddMemoryCache();
        services.AddSingleton<ApiSwitch>();
        services.AddSingleton<ApiUsage>();
        services.AddHostedService(sp => sp.GetRequiredService<ApiUsage>());
        services.AddRecurringJob<PruneApiRecordsJob>();
        services.AddRecipeStep<Recipes.ApiClientsRecipeStep>();

        // Webhooks: endpoints, the publisher every module's events go through, the dispatcher on every node.
        services.Configure<WebhookOptions>(configuration.GetSection("Webhooks"));
        services.TryAddSingleton<Core.Net.IHostAddressResolver, Core.Net.DnsHostAddressResolver>();
        services.AddSingleton<WebhookAddressGuard>();
        services.AddSingleton<WebhookSignal>();
        services.AddScoped<WebhookService>();
        services.AddScoped<IWebhookPublisher>(sp => sp.GetRequiredService<WebhookService>());
        services.AddApiEndpoints<WebhooksApi>();
        services.AddApiScope(ApiScopes.WebhooksManage, "Add, test and remove webhook endpoints and read their deliveries", ApiPermissionNames.ManageWebhooks);
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.AddHttpClient(WebhookDispatcher.ClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new System.Net.Http.SocketsHttpHandler
            {
                ConnectCallback = sp.GetRequiredService<WebhookAddressGuard>().Guard.ConnectAsync,
                AllowAutoRedirect = false,
                UseProxy = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            })
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);

        services.AddOpenIddict()
            .AddCore(core =>
            {
                core.UseEntityFrameworkCore().UseDbContext<PartnerCmsDbContext>();
                core.ReplaceApplicationManager<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreApplication, PartnerCmsApplicationManager>();
            })
            .AddServer(server =>
            {
                server.SetTokenEndpointUris("connect/token");
                server.AllowClientCredentialsFlow();
                server.RegisterScopes([.. ApiScopes.All]);
                server.SetAccessTokenLifetime(options.AccessTokenLifetime);
                server.DisableTokenStorage();

                // Tokens are protected with Data Protection (its keys are in the database, shared by every node); the
                // keys below only satisfy OpenIddict's start-up check and protect nothing: a random AES key and a P-256
                // key, made in microseconds, where OpenIddict's ephemeral RSA keys cost a few hundred milliseconds a start.
                server.UseDataProtection();
                server.AddEncryptionKey(new SymmetricSecurityKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)))
                    .AddSigningKey(new ECDsaSecurityKey(System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256)));
                var aspNetCore = server.UseAspNetCore().EnableTokenEndpointPassthrough();
                if (!options.RequireHttps)
                {
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            })
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                validation.UseDataProtection();
                validation.UseAspNetCore();
            });

        services.AddAuthorizationBuilder().AddPolicy(ApiPolicy, policy => policy
            .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .RequireClaim(ApiCaller.ClientIdClaim));
        services.AddRateLimiter(limiter => limiter.AddPolicy(RateLimitPolicy, context =>
        {
            var permits = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.RequestsPerMinute;
            var key = context.User.ClientId() is { } client ? "api-client:" + client : "api-address:" + context.Connection.RemoteIpAddress;
            return System.Threading.RateLimiting.RateLimitPartition.GetFixedWindowLimiter(key, _ => new System.Threading.RateLimiting.FixedWindowRateLimiterOptions
            {
                PermitLimit = permits,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });
        }));
        services.AddOpenApi("v1", ApiDocument.Configure);
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
            json.SerializerOptions.Converters.Add(new UtcDateTimeConverter());
        });
    }

    public override void Configure(IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api/docs", StringComparison.OrdinalIgnoreCase))
        {
            // The API reference (Scalar) configures itself with an inline script and styles; the page holds no data.
            context.Response.Headers.ContentSecurityPolicy =
                "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'; form-action 'self'";
        }

        var isApi = path.StartsWithSegments("/api/v1", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/connect", StringComparison.OrdinalIgnoreCase);
        if (!isApi)
        {
            await next();
            return;
        }

        // Machines get ProblemDetails, not the portal's HTML error pages.
        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
        {
            statusPages.Enabled = false;
        }

        if (!await context.RequestServices.GetRequiredService<ApiSwitch>().IsOnAsync(context.RequestAborted))
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await WriteProblemAsync(context, "The API is switched off on this site.");
            return;
        }

        if (HttpMethods.IsPost(context.Request.Method) || HttpMethods.IsPut(context.Request.Method) || HttpMethods.IsPatch(context.Request.Method))
        {
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = 1024 * 1024;
            }

            context.Request.EnableBuffering();
        }

        await next();
        if (context.User.ClientId() is { } client && context.User.GetOrganizationId() is { } organization)
        {
            context.RequestServices.GetRequiredService<ApiUsage>().Count(client, organization, context.Response.StatusCode);
        }

        if (!context.Response.HasStarted && context.Response.StatusCode >= 400 && context.Response.ContentLength is null or 0 && path.StartsWithSegments("/api/v1", StringComparison.OrdinalIgnoreCase))
        {
            await WriteProblemAsync(context, context.Response.StatusCode switch
            {
                StatusCodes.Status401Unauthorized => "Send a valid access token (Authorization: Bearer …) from /connect/token of an active client.",
                StatusCodes.Status403Forbidden => "This client may not do that.",
                StatusCodes.Status404NotFound => "There is no such resource.",
                StatusCodes.Status405MethodNotAllowed => "This method is not allowed here.",
                StatusCodes.Status415UnsupportedMediaType => "Send JSON (Content-Type: application/json).",
                StatusCodes.Status429TooManyRequests => "Too many requests from this client; wait for Retry-After seconds.",
                _ => "The request is not valid (for example its JSON could not be read).",
            });
        }
    });

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/connect/token", TokenEndpoint.IssueAsync).ExcludeFromDescription().DisableAntiforgery();
        var v1 = endpoints.MapGroup("/api/v1")
            .RequireAuthorization(ApiPolicy)
            .RequireRateLimiting(RateLimitPolicy)
            .AddEndpointFilter<ActiveClientFilter>()
            .AddEndpointFilter<IdempotencyFilter>()
            .DisableAntiforgery()
            .WithMetadata(
                Problem(StatusCodes.Status401Unauthorized), Problem(StatusCodes.Status403Forbidden), Problem(StatusCodes.Status404NotFound), Problem(StatusCodes.Status429TooManyRequests));
        foreach (var contributor in endpoints.ServiceProvider.GetServices<IApiEndpoints>())
        {
            contributor.Map(v1);
        }

        endpoints.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        endpoints.MapScalarApiReference("/api/docs", scalar => scalar.WithTitle("PartnerCms API").WithOpenApiRoutePattern("/openapi/{documentName}.json").DisableDefaultFonts()).AllowAnonymous();
    }

    /// <summary>What every API endpoint may answer besides its own results, for the OpenAPI document (and so for generated clients).</summary>
    private static Microsoft.AspNetCore.Mvc.ProducesResponseTypeAttribute Problem(int status) =>
        new(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), status, "application/problem+json");

    private static Task WriteProblemAsync(HttpContext context, string detail) =>
        context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = context.Response.StatusCode, Detail = detail },
        }).AsTask();
}

/// <summary>Every API request: the token's client still exists, is not revoked and has not expired (401 otherwise).</summary>
internal sealed class ActiveClientFilter(ApiClientGate gate) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var user = context.HttpContext.User;
        var client = await gate.ActiveAsync(user.ClientId(), context.HttpContext.RequestAborted);
        if (client is null || client.OrganizationId != user.GetOrganizationId())
        {
            return TypedResults.Problem("This client was revoked or has expired; its tokens no longer work.", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized.");
        }

        return await next(context);
    }
}

/// <summary>POST /connect/token (client credentials): OpenIddict has checked the client and its secret; this checks the client is active and builds the token.</summary>
internal static class TokenEndpoint
{
    public static async Task<IResult> IssueAsync(HttpContext context, ApiClientGate gate, PartnerCmsDbContext db)
    {
        var request = context.GetOpenIddictServerRequest();
        if (request is null || !request.IsClientCredentialsGrantType())
        {
            return Refuse(Errors.UnsupportedGrantType, "Only the client_credentials grant is supported.");
        }

        var client = await gate.ActiveAsync(request.ClientId, context.RequestAborted);
        if (client is null)
        {
            return Refuse(Errors.InvalidClient, "This client was revoked or has expired.");
        }

        var kind = await db.Organizations.AcrossOrganizations("the client's own organization, named by the client")
            .Where(o => o.Id == client.OrganizationId).Select(o => (Core.Organizations.OrganizationKind?)o.Kind).FirstOrDefaultAsync(context.RequestAborted);
        if (kind is null)
        {
            return Refuse(Errors.InvalidClient, "This client's organization no longer exists.");
        }

        var requested = request.GetScopes();
        var scopes = requested.IsEmpty ? client.ScopeList : [.. requested.Where(client.ScopeList.Contains)];
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, client.Id);
        identity.SetClaim(Claims.Name, ApiCaller.ActorName(client.Name, client.Id));
        identity.SetClaim(ApiCaller.ClientIdClaim, client.Id);
        identity.SetClaim(PartnerCmsClaims.OrganizationId, client.OrganizationId);
        identity.SetClaim(PartnerCmsClaims.OrganizationKind, kind.Value.ToString());
        identity.SetScopes(scopes);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        await gate.CountTokenAsync(client.Id, context.RequestAborted);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static IResult Refuse(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
