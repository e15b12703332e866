using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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

public static partial class PartnerCmsBuilderExtensions
{
    /// <summary>The category of ASP.NET Core's per-request log.</summary>
    public const string HostingRequestLog = "Microsoft.AspNetCore.Hosting.Diagnostics";

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

        // The host's per-request log ("Request starting/finished", Information) is off unless the operator sets a level
        // for it: while its logger is on at any level, ASP.NET Core starts an Activity and a log scope for every request,
        // about 4 % of a cached landing page's CPU in a trace, with nothing logged. OpenTelemetry (Telemetry:OtlpEndpoint)
        // still gets its request activities (it listens to them itself).
        if (configuration[$"Logging:LogLevel:{HostingRequestLog}"] is null)
        {
            builder.Logging.AddFilter(HostingRequestLog, LogLevel.None);
        }

        services.AddLocalization();
        services.AddOptions<PartnerCms.Core.Localization.CultureOptions>().BindConfiguration("Cultures");
        services.AddSingleton<PartnerCms.Core.Localization.PortalCultures>();
        services.AddScoped<PartnerCms.Core.Localization.CultureSettings>();
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentOrganization, CurrentOrganization>();

        AddDatabase<TSqlite, TPostgres>(builder);
        AddAccounts(services, configuration);

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
        services.AddScoped<ContentScheduler>();
        services.AddScoped<ContentReviews>();
        services.AddDelayedJobHandler<ContentScheduleJob>();
        services.Configure<Events.OutboxOptions>(configuration.GetSection("Events"));
        services.AddSingleton<Events.EventTypes>();
        services.AddSingleton<Events.OutboxSignal>();
        services.AddSingleton<Events.OutboxSaveInterceptor>();
        // In-memory caches of rarely changing data, forgotten on every node through Redis pub/sub when it changes.
        services.AddSingleton<Caching.ClusterInvalidation>();
        services.AddHostedService(sp => sp.GetRequiredService<Caching.ClusterInvalidation>());
        services.AddSingleton<Organizations.OrganizationNameCache>();
        services.AddSingleton(Organizations.OrganizationNameCache.Rule);
        services.AddSingleton<Caching.VersionStamps>();
        services.AddSingleton<Caching.SavedEntityInvalidation>();
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
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;

            // Say when to come back (the fixed windows know): machines, such as API clients, wait that long.
            options.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                return ValueTask.CompletedTask;
            };
        });
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
            .AddDataAnnotationsLocalization()
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
        app.Use((context, next) =>
        {
            // The RequestDelegate overload, not Func<Task>: no closure and no state machine per request.
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'";
            return next(context);
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
}
