using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Data;

namespace PartnerCms.Core.Hosting;

/// <summary>Accounts: ASP.NET Core Identity, its cookie and the security-stamp check.</summary>
public static partial class PartnerCmsBuilderExtensions
{
    private static void AddAccounts(IServiceCollection services)
    {
        services.AddIdentity<PartnerCmsUser, IdentityRole>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<PartnerCmsDbContext>()
            .AddUserStore<PartnerCmsUserStore>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<PartnerCmsClaimsPrincipalFactory>();

        // Roles, delegated access and password resets reach signed-in sessions within a minute.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));
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
