using PartnerCms.Core.Recipes;

namespace PartnerCms.Tests.Unit;

public sealed class RecipeParsingTests
{
    [Fact]
    public void Invalid_json_names_the_file()
    {
        var error = Assert.Throws<RecipeException>(() => Recipe.Parse("/recipes/broken.recipe.json", "{ \"name\": \"broken\", \"steps\": [ { \"name\": "));

        Assert.Contains("/recipes/broken.recipe.json", error.Message);
        Assert.Contains("not valid JSON", error.Message);
    }

    [Fact]
    public void A_step_without_a_name_is_refused_with_its_position()
    {
        var error = Assert.Throws<RecipeException>(() => Recipe.Parse("x.json", "{ \"name\": \"x\", \"steps\": [ { \"name\": \"users\" }, { \"users\": [] } ] }"));

        Assert.Contains("step 2 has no \"name\"", error.Message);
    }

    [Fact]
    public void The_repository_recipes_parse()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "recipes");
        var files = System.IO.Directory.GetFiles(folder, "*.recipe.json");

        Assert.Contains(files, f => f.EndsWith("demo.recipe.json", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var recipe = Recipe.Parse(file, File.ReadAllText(file));
            Assert.Equal(Path.GetFileName(file), recipe.Name + ".recipe.json");
        }
    }
}
