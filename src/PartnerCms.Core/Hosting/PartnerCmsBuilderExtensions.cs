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

public static class PartnerCmsBuilderExtensions
{
    /// <summary>
    /// Composes the site: orders the installed modules, adds the framework's services and each enabled module's
    /// services. <typeparamref name="TSqlite"/> and <typeparamref name="TPostgres"/> are the host's provider contexts,
    /// which own the migrations.
    /// </summary>
    public static WebApplicationBuilder AddPartnerCms<TSqlite, TPostgres>(this WebApplicationBuilder builder, IEnumerable<ModuleManifest> installed)
        where TSqlite : PartnerCmsDbContext
        where TPostgres : PartnerCmsDbContext
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        // First of all hosted services: nothing may read the database before its migrations ran.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, PartnerCmsInitializer>());
        var catalog = new ModuleCatalog(installed, configuration.GetSection("Modules:Disabled").Get<string[]>());
        services.AddSingleton(catalog);
        services.AddSingleton(new InstalledModuleAssemblies(catalog.Ordered.Select(m => m.Assembly)));
        services.AddSingleton(new DisabledRecipeSteps(catalog.Modules.Where(m => !m.Enabled).SelectMany(m => RecipeExecutor.StepNames(m.Manifest.Assembly))));
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentOrganization, CurrentOrganization>();

        AddDatabase<TSqlite, TPostgres>(builder);
        AddAccounts(services);

        services.AddSingleton<RolePermissions>();
        services.AddSingleton<RoleCatalog>();
        services.AddRoles<BuiltInRoles>();
        services.AddSingleton<IAuthorizationPolicyProvider, PermissionPolicyProvider>();
        services.AddSingleton<IAuthorizationHandler, PermissionAuthorizationHandler>();
        services.AddScoped<NavigationService>();
        services.AddScoped<TopbarItems>();
        services.AddScoped<Extensions.UiExtensionService>();
        services.AddSingleton<Extensions.PageZoneRegistry>();
        services.AddScoped<OrganizationDirectory>();
        services.AddScoped<ContentManager>();
        services.Configure<Events.OutboxOptions>(configuration.GetSection("Events"));
        services.AddSingleton<Events.EventTypes>();
        services.AddSingleton<Events.OutboxSignal>();
        services.AddSingleton<Events.OutboxSaveInterceptor>();
        services.AddScoped<Events.EventOutbox>();
        services.AddScoped<Audit.AuditTrail>();
        services.AddScoped<Events.OutboxAdministration>();
        services.AddSingleton<Events.OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<Events.OutboxDispatcher>());
        services.AddRecurringJob<Events.PruneOutboxJob>();
        services.Configure<Jobs.JobOptions>(configuration.GetSection("Jobs"));
        services.AddScoped<Jobs.IJobScheduler, Jobs.JobScheduler>();
        services.AddSingleton<Jobs.JobRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<Jobs.JobRunner>());
        services.Configure<Liquid.LiquidOptions>(options => options.AddCoreFilters());
        services.AddSingleton<Liquid.LiquidTemplateService>();
        services.Configure<SetupOptions>(configuration.GetSection("Setup"));
        services.AddSingleton<RecipeExecutor>();
        services.AddRecipeStep<OrganizationsRecipeStep>();
        services.AddRecipeStep<UsersRecipeStep>();
        AddForwardedHeaders(services, configuration);
        AddSharedCache(services, configuration);
        Telemetry.PartnerCmsTelemetry.AddPartnerCmsTelemetry(services, configuration);
        services.AddProblemDetails();
        services.AddExceptionHandler<LoggingExceptionHandler>();
        services.AddRateLimiter(options => options.RejectionStatusCode = StatusCodes.Status429TooManyRequests);
        services.AddPerClientRateLimit(RateLimits.SignIn, configuration.GetValue("Accounts:SignInAttemptsPerMinute", 20));
        services.AddHealthChecks().AddDbContextCheck<PartnerCmsDbContext>("database", tags: ["ready"]);

        var enabledAssemblies = catalog.Enabled.Select(m => m.Manifest.Assembly).ToHashSet();
        var disabledAssemblies = catalog.Modules.Where(m => !m.Enabled).Select(m => m.Manifest.Assembly).ToHashSet();
        services.AddControllersWithViews(options =>
            {
                options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
                options.Filters.Add(new BlankRouteValueFilter());
                options.ModelBinderProviders.Insert(0, new CheckboxModelBinderProvider());
                options.Conventions.Add(new RouteValuesFromRouteConvention());
            })
            .ConfigureApplicationPartManager(parts =>
            {
                // Only enabled modules contribute controllers and views.
                foreach (var part in parts.ApplicationParts.OfType<AssemblyPart>().Where(p => disabledAssemblies.Contains(p.Assembly)).ToList())
                {
                    parts.ApplicationParts.Remove(part);
                }

                foreach (var part in parts.ApplicationParts.Where(p => p is CompiledRazorAssemblyPart c && disabledAssemblies.Contains(c.Assembly)).ToList())
                {
                    parts.ApplicationParts.Remove(part);
                }

                foreach (var assembly in enabledAssemblies.Where(a => !parts.ApplicationParts.OfType<AssemblyPart>().Any(p => p.Assembly == a)))
                {
                    foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
                    {
                        parts.ApplicationParts.Add(part);
                    }
                }
            });

        var startups = new List<ModuleStartup>();
        foreach (var startupType in StartupTypes(catalog))
        {
            var startup = (ModuleStartup)Activator.CreateInstance(startupType)!;
            startup.ConfigureServices(services, configuration);
            startups.Add(startup);
        }

        services.AddSingleton<IReadOnlyList<ModuleStartup>>(startups);
        return builder;
    }

    /// <summary>
    /// The startups to run, in module order: each enabled module's own (its manifest's), then its other startups marked
    /// [RequireModules] whose modules are all on (what it contributes to them).
    /// </summary>
    public static IEnumerable<Type> StartupTypes(ModuleCatalog catalog)
    {
        foreach (var module in catalog.Enabled)
        {
            yield return module.Manifest.StartupType;
            var contributions = module.Manifest.Assembly.GetTypes()
                .Where(t => t.IsSubclassOf(typeof(ModuleStartup)) && !t.IsAbstract && t != module.Manifest.StartupType)
                .Select(t => (Type: t, Requires: t.GetCustomAttributes(typeof(RequireModulesAttribute), false).OfType<RequireModulesAttribute>().FirstOrDefault()))
                .Where(t => t.Requires is not null && t.Requires.ModuleIds.All(catalog.IsEnabled))
                .OrderBy(t => t.Type.FullName, StringComparer.Ordinal);
            foreach (var (type, _) in contributions)
            {
                yield return type;
            }
        }
    }

    /// <summary>
    /// Behind a reverse proxy the client's address and scheme come from X-Forwarded-For/-Proto, trusted only from the
    /// proxies named in ForwardedHeaders:KnownProxies (addresses) or ForwardedHeaders:KnownNetworks (CIDR). With neither
    /// set the headers are ignored, so a client cannot choose its own address (and its own rate-limit bucket).
    /// </summary>
    private static void AddForwardedHeaders(IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("ForwardedHeaders");
        var proxies = section.GetSection("KnownProxies").Get<string[]>() ?? [];
        var networks = section.GetSection("KnownNetworks").Get<string[]>() ?? [];
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = section.GetValue("ForwardLimit", 1);
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(System.Net.IPAddress.TryParse(proxy, out var address)
                    ? address
                    : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies has '{proxy}', which is not an IP address."));
            }

            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed)
                    ? parsed
                    : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks has '{network}', which is not a network such as 10.0.0.0/8."));
            }
        });
        services.AddSingleton(new ForwardedHeadersSwitch(proxies.Length + networks.Length > 0));
    }

    private sealed record ForwardedHeadersSwitch(bool Enabled);

    /// <summary>The request pipeline and every enabled module's endpoints.</summary>
    public static WebApplication UsePartnerCms(this WebApplication app)
    {
        if (app.Services.GetRequiredService<ForwardedHeadersSwitch>().Enabled)
        {
            app.UseForwardedHeaders();
        }

        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error/500");
            app.UseHsts();
        }

        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'";
            await next();
        });
        app.UseStaticFiles();
        app.UseMiddleware<RequestInputGuard>();
        app.UseRouting();
        app.UseAuthentication();

        // The modules' middleware, ordered: the user is known and the endpoint chosen; permissions are checked after it.
        var startups = app.Services.GetRequiredService<IReadOnlyList<ModuleStartup>>();
        foreach (var startup in startups.OrderBy(s => s.Order))
        {
            startup.Configure(app);
        }

        app.UseAuthorization();

        // After authentication, so that limits can be partitioned per signed-in user.
        app.UseRateLimiter();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapControllers();
        if (app.Configuration.GetValue<bool>("Benchmarks:RawEndpoint"))
        {
            // The baseline of the landing-page benchmark (docs/benchmarks.md): a short string through the same pipeline.
            app.MapGet("/benchmarks/raw", () => "Hello from PartnerCms").ShortCircuit();
        }

        foreach (var startup in startups)
        {
            startup.MapEndpoints(app);
        }

        return app;
    }

    /// <summary>A job that runs every so often, once across all nodes (see <see cref="Jobs.IRecurringJob"/>).</summary>
    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services) where TJob : class, Jobs.IRecurringJob =>
        services.AddSingleton<Jobs.IRecurringJob, TJob>();

    /// <summary>The handler of one kind of delayed job (see <see cref="Jobs.IJobScheduler"/>).</summary>
    public static IServiceCollection AddDelayedJobHandler<THandler>(this IServiceCollection services) where THandler : class, Jobs.IDelayedJobHandler =>
        services.AddSingleton<Jobs.IDelayedJobHandler, THandler>();

    public static IServiceCollection AddRecipeStep<THandler>(this IServiceCollection services) where THandler : class, IRecipeStepHandler =>
        services.AddScoped<IRecipeStepHandler, THandler>();

    public static IServiceCollection AddPermissions<TProvider>(this IServiceCollection services) where TProvider : class, IPermissionProvider =>
        services.AddSingleton<IPermissionProvider, TProvider>();

    public static IServiceCollection AddNavigation<TProvider>(this IServiceCollection services) where TProvider : class, INavigationProvider =>
        services.AddSingleton<INavigationProvider, TProvider>();

    public static IServiceCollection AddContentType(this IServiceCollection services, string name, Action<ContentTypeDefinition> configure) =>
        services.Configure<ContentOptions>(options =>
        {
            var definition = new ContentTypeDefinition(name);
            configure(definition);
            options.Types[name] = definition;
        });

    public static IServiceCollection AddContentIndexProvider<TProvider>(this IServiceCollection services) where TProvider : class, IContentIndexProvider =>
        services.AddSingleton<IContentIndexProvider, TProvider>();

    private static void AddDatabase<TSqlite, TPostgres>(WebApplicationBuilder builder)
        where TSqlite : PartnerCmsDbContext
        where TPostgres : PartnerCmsDbContext
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection("Database");
        var options = section.Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (options.Provider == DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            var folder = Path.Combine(builder.Environment.ContentRootPath, "App_Data");
            Directory.CreateDirectory(folder);
            options.ConnectionString = $"Data Source={Path.Combine(folder, "partnercms.db")}";
        }

        services.Configure<DatabaseOptions>(o =>
        {
            o.Provider = options.Provider;
            o.ConnectionString = options.ConnectionString;
        });

        if (options.Provider == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                throw new InvalidOperationException("Database:Provider is Postgres but Database:ConnectionString is empty. Set it, e.g. Host=127.0.0.1;Port=5432;Database=partnercms;Username=partnercms;Password=…");
            }

            services.AddDbContext<TPostgres>((sp, o) => o.UseNpgsql(options.ConnectionString).AddInterceptors(sp.GetRequiredService<Events.OutboxSaveInterceptor>()));
            services.AddScoped<PartnerCmsDbContext>(sp => sp.GetRequiredService<TPostgres>());
        }
        else
        {
            services.AddDbContext<TSqlite>((sp, o) => o.UseSqlite(options.ConnectionString).AddInterceptors(sp.GetRequiredService<Events.OutboxSaveInterceptor>(), SqliteSetup));
            services.AddScoped<PartnerCmsDbContext>(sp => sp.GetRequiredService<TSqlite>());
        }

        services.AddDataProtection().SetApplicationName("PartnerCms").PersistKeysToDbContext<PartnerCmsDbContext>();
    }

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

    private static readonly SqliteConnectionSetup SqliteSetup = new();

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
