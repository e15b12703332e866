using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Content;
using PartnerCms.Core.Navigation;
using PartnerCms.Core.Recipes;
using PartnerCms.Core.Security;

namespace PartnerCms.Core.Hosting;

/// <summary>What a module adds with one call: jobs, recipe steps, permissions, navigation, content types and indexes.</summary>
public static partial class PartnerCmsBuilderExtensions
{
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
}
