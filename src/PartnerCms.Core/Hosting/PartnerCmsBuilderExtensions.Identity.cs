using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Data;

namespace PartnerCms.Core.Hosting;

/// <summary>Accounts: ASP.NET Core Identity, its cookie and the security-stamp check.</summary>
public static partial class PartnerCmsBuilderExtensions
{
    private static void AddAccounts(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<TwoStepOptions>(configuration.GetSection(TwoStepOptions.Section));
        services.AddScoped<TwoStepPolicy>();
        services.AddIdentity<PartnerCmsUser, IdentityRole>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.SignIn.RequireConfirmedAccount = false;
                // Version 3 adds the passkeys table; the authenticator app's codes go through the replay guard.
                options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
                options.Tokens.AuthenticatorTokenProvider = ReplayGuardedAuthenticatorTokenProvider.ProviderName;
            })
            .AddEntityFrameworkStores<PartnerCmsDbContext>()
            .AddUserStore<PartnerCmsUserStore>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<ReplayGuardedAuthenticatorTokenProvider>(ReplayGuardedAuthenticatorTokenProvider.ProviderName)
            .AddSignInManager<PartnerCmsSignInManager>()
            .AddClaimsPrincipalFactory<PartnerCmsClaimsPrincipalFactory>();

        // The work of a password hash: Identity's own default (PBKDF2-HMAC-SHA512, 100,000 rounds) unless the operator
        // says otherwise. A stored hash carries its count, so a change locks nobody out (Identity rehashes a lower count at
        // the next sign-in). The test suite lowers it: its hundreds of sites each hash the demo's users.
        services.Configure<PasswordHasherOptions>(options =>
            options.IterationCount = Math.Max(1_000, configuration.GetValue("Accounts:PasswordHashIterations", new PasswordHasherOptions().IterationCount)));

        // Roles, delegated access and password resets reach signed-in sessions within a minute.
        services.Configure<SecurityStampValidatorOptions>(options =>
        {
            options.ValidationInterval = TimeSpan.FromMinutes(1);
            // The rebuilt principal keeps the second step this session passed (Identity's claims factory cannot know it).
            options.OnRefreshingPrincipal = context =>
            {
                if (context.NewPrincipal?.Identities.FirstOrDefault() is { } identity && context.CurrentPrincipal is { } current)
                {
                    identity.AddClaims(PartnerCmsSignInManager.SecondStepClaimsOf(current));
                }

                return Task.CompletedTask;
            };
        });
        // The passkey's relying party is the host the page was requested on, unless the operator names one.
        services.Configure<IdentityPasskeyOptions>(options => options.ServerDomain = configuration["Accounts:Passkeys:ServerDomain"] is { Length: > 0 } domain ? domain : null);
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorRememberMeScheme, options =>
            options.ExpireTimeSpan = TimeSpan.FromDays(Math.Clamp(configuration.GetValue(TwoStepOptions.Section + ":RememberBrowserDays", 30), 1, 365)));
        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "PartnerCms.Auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.LoginPath = "/account/signin";
            options.LogoutPath = "/account/signout";
            options.SlidingExpiration = true;
            // Extend Identity's cookie events, never replace them: its OnValidatePrincipal is the security-stamp check
            // that signs out sessions after a password reset and refreshes roles.
            // A signed-in user without the permission is refused with 403, not sent round to a sign-in page.
            options.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
    }
}
