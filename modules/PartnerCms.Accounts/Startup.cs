using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Accounts.Services;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Hosting;
using PartnerCms.Core.Modules;
using PartnerCms.Core.Navigation;
using PartnerCms.Core.Security;

namespace PartnerCms.Accounts;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MvcOptions>(options => options.Filters.Add<MustChangePasswordFilter>());
        services.AddScoped<TwoStepService>();
        services.AddScoped<PasskeySteps>();
        services.AddNavigation<AccountMenu>();
        services.AddPermissions<Permissions>();
        services.AddPortalCommand<MfaCodeCommand>();
        services.AddPerClientRateLimit(Controllers.TwoStepController.RateLimit,
            Math.Max(1, configuration.GetValue(TwoStepOptions.Section + ":SecondStepAttemptsPerMinute", 10)));
    }

    /// <summary>
    /// A user whom policy requires to have a two-step method and who has none reaches only the account pages (set-up,
    /// password, sign-out) until one is set up: pages are sent to Sign-in and security, anything else is refused.
    /// </summary>
    public override void Configure(IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.User.HasClaim(c => c.Type == PartnerCmsClaims.MustSetUpTwoStep) && !IsAccountPath(context.Request.Path))
            {
                if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
                {
                    context.Response.Redirect(context.RequestServices.GetRequiredService<LinkGenerator>().GetPathByName(context, AccountRoutes.Security) ?? "/");
                }
                else
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    await context.Response.WriteAsJsonAsync(
                        new ProblemDetails { Status = 403, Title = "Set up two-step sign-in first.", Detail = "Open /account/security and set up an authenticator app or a passkey." },
                        options: null, contentType: "application/problem+json");
                }

                return;
            }

            await next();
        });

    private static bool IsAccountPath(PathString path) =>
        path.StartsWithSegments("/account", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);
}

public sealed class AccountMenu : INavigationProvider
{
    public IEnumerable<NavigationItem> GetItems() =>
    [
        new("Account", "Sign-in and security", "/account/security", 80),
        new("Administration", "Two-step sign-in", "/admin/two-step", 40, Permissions.ResetAnyonesTwoStep),
    ];
}
