using System.Text.Json;

namespace PartnerCms.Core.Recipes;

/// <summary>Names the recipe step a handler understands, e.g. <c>[RecipeStep("offices")]</c>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class RecipeStepAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>
/// Carries out one kind of recipe step. Steps upsert: running a recipe again changes what it describes and never
/// duplicates or deletes anything else.
/// </summary>
public interface IRecipeStepHandler
{
    Task ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken);
}

/// <summary>One step of a recipe being executed.</summary>
public sealed class RecipeStepContext(string recipeName, string filePath, string stepName, JsonElement step)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public string RecipeName { get; } = recipeName;

    public string FilePath { get; } = filePath;

    public string StepName { get; } = stepName;

    public JsonElement Step { get; } = step;

    /// <summary>Reads the step as <typeparamref name="T"/>; unknown properties and bad values are recipe errors.</summary>
    public T Read<T>()
    {
        try
        {
            return Step.Deserialize<T>(Options) ?? throw Error("the step is empty.");
        }
        catch (JsonException ex)
        {
            throw Error(ex.Message);
        }
    }

    public RecipeException Error(string message) => new(FilePath, StepName, $"Recipe '{RecipeName}' ({FilePath}), step '{StepName}': {message}");
}

/// <summary>A recipe that cannot run: the message names the file and, where there is one, the step.</summary>
public sealed class RecipeException(string filePath, string? stepName, string message, Exception? inner = null) : Exception(message, inner)
{
    public string FilePath { get; } = filePath;

    public string? StepName { get; } = stepName;
}
