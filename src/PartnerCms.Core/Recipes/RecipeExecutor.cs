using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerCms.Core.Data;
using PartnerCms.Core.Organizations;

namespace PartnerCms.Core.Recipes;

/// <summary>Finds recipe files by name and runs them, all steps of one recipe in one transaction.</summary>
public sealed class RecipeExecutor(
    IServiceScopeFactory scopeFactory,
    IOptions<SetupOptions> setupOptions,
    IHostEnvironment environment,
    DisabledRecipeSteps disabledSteps,
    ILogger<RecipeExecutor> logger)
{
    /// <summary>
    /// The configured folder; a relative one is looked for under the content root, then next to the binaries
    /// (where the host's build copies the repository's recipes).
    /// </summary>
    public string RecipesFolder
    {
        get
        {
            var configured = setupOptions.Value.RecipesFolder;
            if (Path.IsPathRooted(configured))
            {
                return configured;
            }

            var underContentRoot = Path.GetFullPath(Path.Combine(environment.ContentRootPath, configured));
            return Directory.Exists(underContentRoot) ? underContentRoot : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, configured));
        }
    }

    /// <summary>Loads <c>NAME.recipe.json</c> from the recipes folder, or a file when given a path.</summary>
    public Recipe Load(string nameOrPath)
    {
        var path = nameOrPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? Path.GetFullPath(nameOrPath, environment.ContentRootPath)
            : Path.Combine(RecipesFolder, nameOrPath + ".recipe.json");
        if (!File.Exists(path))
        {
            throw new RecipeException(path, null, $"Recipe '{nameOrPath}' was not found: there is no file '{path}'.");
        }

        return Recipe.Parse(path, File.ReadAllText(path));
    }

    /// <summary>Fails, naming the file and the step, when a step has no handler among the enabled modules.</summary>
    public void Validate(Recipe recipe)
    {
        using var scope = scopeFactory.CreateScope();
        var handlers = Handlers(scope.ServiceProvider);
        foreach (var step in recipe.Steps)
        {
            if (!handlers.ContainsKey(step.Name) && !disabledSteps.Names.Contains(step.Name))
            {
                throw new RecipeException(recipe.FilePath, step.Name,
                    $"Recipe '{recipe.Name}' ({recipe.FilePath}), step {step.Position} '{step.Name}': no installed module understands this step. Known steps: {string.Join(", ", handlers.Keys.Order(StringComparer.Ordinal))}.");
            }
        }
    }

    public async Task ExecuteAsync(Recipe recipe, CancellationToken cancellationToken = default)
    {
        Validate(recipe);
        await using var scope = scopeFactory.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var handlers = Handlers(services);
        using var system = services.GetRequiredService<ICurrentOrganization>().RunAsSystem();
        var db = services.GetRequiredService<PartnerCmsDbContext>();

        // Steps may sign things (offer links) with the data-protection keys, which live in the database and are made on
        // first use through another connection: make the first key now, not inside the recipe's transaction, where that
        // write would wait for the transaction's own lock (SQLite) until it timed out.
        services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>().CreateProtector("PartnerCms.Recipes").Protect([1]);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var step in recipe.Steps)
        {
            if (!handlers.TryGetValue(step.Name, out var handler))
            {
                logger.LogWarning("Recipe {Recipe}: step {Step} skipped, its module is switched off.", recipe.Name, step.Name);
                continue;
            }

            var context = new RecipeStepContext(recipe.Name, recipe.FilePath, step.Name, step.Element);
            try
            {
                await handler.ExecuteAsync(context, cancellationToken);
            }
            catch (RecipeException)
            {
                throw;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw context.Error(ex.Message);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Recipe {Recipe} ran: {Count} steps.", recipe.Name, recipe.Steps.Count);
    }

    private static Dictionary<string, IRecipeStepHandler> Handlers(IServiceProvider services) =>
        services.GetServices<IRecipeStepHandler>().ToDictionary(
            h => StepName(h.GetType()) ?? throw new InvalidOperationException($"{h.GetType()} has no [RecipeStep] attribute."),
            StringComparer.Ordinal);

    public static string? StepName(Type handlerType) => handlerType.GetCustomAttribute<RecipeStepAttribute>()?.Name;

    /// <summary>The step names a module's assembly defines.</summary>
    public static IEnumerable<string> StepNames(Assembly assembly) =>
        assembly.GetTypes()
            .Where(t => typeof(IRecipeStepHandler).IsAssignableFrom(t) && !t.IsAbstract)
            .Select(StepName)
            .OfType<string>();
}
