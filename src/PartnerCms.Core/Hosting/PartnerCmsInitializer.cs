using System.Net.Sockets;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Data;
using PartnerCms.Core.Recipes;
using PartnerCms.Core.Security;

namespace PartnerCms.Core.Hosting;

/// <summary>
/// Runs before the server accepts requests: applies migrations, makes sure the organization roles exist, checks the
/// setup recipes, and on an empty database runs them.
/// </summary>
public sealed class PartnerCmsInitializer(
    IServiceScopeFactory scopeFactory,
    RecipeExecutor recipes,
    IOptions<SetupOptions> setup,
    IOptions<DatabaseOptions> database,
    ILogger<PartnerCmsInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Read and check every setup recipe first: a broken file stops start-up before anything is written.
        var setupRecipes = setup.Value.EffectiveRecipes.Select(recipes.Load).ToList();
        setupRecipes.ForEach(recipes.Validate);

        await using (var scope = scopeFactory.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>();
            await MigrateAsync(db, cancellationToken);
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            foreach (var role in OrganizationRoles.All)
            {
                if (!await roles.RoleExistsAsync(role.Name))
                {
                    await roles.CreateAsync(new IdentityRole(role.Name));
                }
            }

            using var system = scope.ServiceProvider.GetRequiredService<ICurrentOrganization>().RunAsSystem();
            if (!setup.Value.AutoRun || await db.Organizations.AnyAsync(cancellationToken))
            {
                return;
            }
        }

        logger.LogInformation("Empty database: running setup recipes {Recipes}.", string.Join(", ", setup.Value.EffectiveRecipes));
        foreach (var recipe in setupRecipes)
        {
            await recipes.ExecuteAsync(recipe, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task MigrateAsync(PartnerCmsDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
        catch (Exception ex) when (database.Value.Provider == DatabaseProvider.Postgres && IsConnectionFailure(ex))
        {
            var where = new NpgsqlConnectionStringBuilder(database.Value.ConnectionString);
            throw new DatabaseUnavailableException(
                $"PartnerCms cannot reach its PostgreSQL database '{where.Database}' at {where.Host}:{where.Port} as user '{where.Username}': {ex.Message} " +
                "Check that the server is running and that Database:ConnectionString is right, or remove Database:Provider to use the embedded SQLite database.",
                ex);
        }
    }

    private static bool IsConnectionFailure(Exception ex) =>
        ex is NpgsqlException or SocketException or TimeoutException
        || (ex.InnerException is not null && IsConnectionFailure(ex.InnerException));
}
