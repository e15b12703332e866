using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Data;
using PartnerCms.Core.Recipes;
using PartnerCms.Partners.Models;
using PartnerCms.Tests.Infrastructure;

namespace PartnerCms.Tests.Integration;

public abstract class RecipeTests(PartnerCmsSite site)
{
    private Task<string> SnapshotAsync() => site.AsSystemAsync(async sp =>
    {
        var db = sp.GetRequiredService<PartnerCmsDbContext>();
        var organizations = await db.Organizations.OrderBy(o => o.Id).Select(o => o.Id + ":" + o.Name + ":" + o.Kind).ToListAsync();
        var domains = await db.OrganizationDomains.OrderBy(d => d.NormalizedName).Select(d => d.NormalizedName + ":" + d.IsPrimary).ToListAsync();
        var users = await db.Users.OrderBy(u => u.UserName).Select(u => u.UserName + ":" + u.OrganizationId).ToListAsync();
        var roles = await db.Set<IdentityUserRole<string>>().CountAsync();
        var offices = await db.Set<OfficeIndex>().OrderBy(o => o.ContentItemId).Select(o => o.ContentItemId + ":" + o.LocationId).ToListAsync();
        // Not the versions background jobs write meanwhile (the expiry job ends the demo's lapsed relationship, as
        // "system:expiry", whenever its runner gets to it): only what a recipe could have written.
        var versions = await db.ContentItems.CountAsync(r => r.Author == null || !r.Author.StartsWith("system:"));
        var companies = await db.Set<CompanyInformation>().CountAsync();
        return string.Join("|", organizations) + "#" + string.Join("|", domains) + "#" + string.Join("|", users)
            + $"#roles={roles}#" + string.Join("|", offices) + $"#versions={versions}#companies={companies}";
    });

    [Fact]
    public async Task Running_the_setup_and_demo_recipes_again_changes_no_data()
    {
        var before = await SnapshotAsync();

        await site.RunRecipeAsync("setup");
        await site.RunRecipeAsync("demo");
        await site.RunRecipeAsync("second-partner.recipe.json");

        Assert.Contains("contoso-partners:Contoso Partners:Partner", before);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task A_step_that_fails_writes_nothing_of_its_recipe()
    {
        var before = await SnapshotAsync();
        var file = Path.Combine(Path.GetTempPath(), $"half-{Guid.NewGuid():N}.recipe.json");
        await File.WriteAllTextAsync(file, """
            { "name": "half", "steps": [
              { "name": "organizations", "organizations": [ { "id": "half-co", "name": "Half Co", "kind": "Customer", "domains": [ { "name": "half.example", "primary": true } ] } ] },
              { "name": "users", "users": [ { "userName": "x@half.example", "organization": "half-co", "roles": [ "Partner:Sales" ], "password": "Half-Company-2026" } ] }
            ] }
            """);

        var error = await Assert.ThrowsAsync<RecipeException>(() => site.RunRecipeAsync(file));

        Assert.Contains("step 'users'", error.Message);
        Assert.Contains("'Partner:Sales'", error.Message);
        Assert.Equal(before, await SnapshotAsync());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class RecipeTestsOnSqlite(SqliteSite shared) : RecipeTests(shared.Site);

[Collection(PostgresCollection.Name)]
public sealed class RecipeTestsOnPostgres(PostgresSite shared) : RecipeTests(shared.Site);

/// <summary>A broken recipe stops start-up with a message naming the file and the step, and a non-zero exit code.</summary>
public sealed class BrokenRecipeStartupTests
{
    private static async Task<(int ExitCode, string Output, string Folder)> StartWithSetupRecipeAsync(string json)
    {
        var folder = Path.Combine(Path.GetTempPath(), "partnercms-recipes-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "setup.recipe.json"), json);
        var (exitCode, output) = await PortalProcess.RunUntilExitAsync(new Dictionary<string, string>
        {
            ["Database:ConnectionString"] = PartnerCmsSite.ConnectionStringFor(TestDatabase.Sqlite),
            ["Setup:RecipesFolder"] = folder,
            ["Setup:Recipes:0"] = "setup",
        });
        return (exitCode, output, folder);
    }

    [Fact]
    public async Task Invalid_json_stops_start_up_naming_the_file()
    {
        var (exitCode, output, folder) = await StartWithSetupRecipeAsync("{ \"name\": \"setup\", \"steps\": [ ");

        Assert.Equal(1, exitCode);
        Assert.Contains("PartnerCms could not start.", output);
        Assert.Contains(Path.Combine(folder, "setup.recipe.json"), output);
        Assert.Contains("not valid JSON", output);
    }

    [Fact]
    public async Task An_unknown_step_stops_start_up_naming_the_file_and_the_step()
    {
        var (exitCode, output, folder) = await StartWithSetupRecipeAsync("{ \"name\": \"setup\", \"steps\": [ { \"name\": \"frobnicate\" } ] }");

        Assert.Equal(1, exitCode);
        Assert.Contains(Path.Combine(folder, "setup.recipe.json"), output);
        Assert.Contains("step 1 'frobnicate': no installed module understands this step", output);
    }
}

/// <summary>A database made by the earlier chain of migrations is refused at start with what to do, not a failed CREATE TABLE.</summary>
public sealed class OldSchemaStartupTests
{
    [Fact]
    public async Task A_database_from_the_earlier_migration_chain_stops_start_up_saying_to_start_from_a_new_one()
    {
        var connectionString = PartnerCmsSite.ConnectionStringFor(TestDatabase.Sqlite);
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE "__EFMigrationsHistory" ("MigrationId" TEXT NOT NULL PRIMARY KEY, "ProductVersion" TEXT NOT NULL);
                INSERT INTO "__EFMigrationsHistory" VALUES ('20261129213318_Initial', '10.0.0'), ('20261129221234_OfferAcceptancesAndViews', '10.0.0');
                CREATE TABLE "Organizations" ("Id" TEXT NOT NULL PRIMARY KEY);
                """;
            await command.ExecuteNonQueryAsync();
        }

        var (exitCode, output) = await PortalProcess.RunUntilExitAsync(new Dictionary<string, string> { ["Database:ConnectionString"] = connectionString });

        Assert.Equal(1, exitCode);
        Assert.Contains("PartnerCms could not start.", output);
        Assert.Contains("20261129221234_OfferAcceptancesAndViews", output);
        Assert.Contains("Start from a new database", output);
    }
}
