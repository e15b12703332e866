namespace PartnerCms.Core.Recipes;

/// <summary>The "Setup" configuration section: which recipes an empty site starts from.</summary>
public sealed class SetupOptions
{
    /// <summary>Run <see cref="Recipes"/> on first start when the database has no organizations.</summary>
    public bool AutoRun { get; set; } = true;

    /// <summary>Recipe names in the order they run; empty means <see cref="DefaultRecipes"/>.</summary>
    public List<string> Recipes { get; set; } = [];

    public static IReadOnlyList<string> DefaultRecipes { get; } = ["setup", "catalog", "demo"];

    public IReadOnlyList<string> EffectiveRecipes => Recipes.Count > 0 ? Recipes : DefaultRecipes;

    /// <summary>Folder of <c>*.recipe.json</c> files; relative paths are under the content root.</summary>
    public string RecipesFolder { get; set; } = "recipes";
}

/// <summary>Step names that belong to installed modules which are switched off; such steps are skipped, not errors.</summary>
public sealed class DisabledRecipeSteps(IEnumerable<string> names)
{
    public IReadOnlySet<string> Names { get; } = new HashSet<string>(names, StringComparer.Ordinal);
}
