using System.Net.Sockets;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using PartnerCms.Core.Data;
using PartnerCms.Core.Organizations;
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
        // The EF Core model (built once per process, half a second) is built on another core while the recipes are read.
        var model = Task.Run(() =>
        {
            using var scope = scopeFactory.CreateScope();
            _ = scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>().Model;
        }, cancellationToken);

        // Read and check every setup recipe first: a broken file stops start-up before anything is written.
        List<Recipe> setupRecipes;
        try
        {
            setupRecipes = setup.Value.EffectiveRecipes.Select(recipes.Load).ToList();
            setupRecipes.ForEach(recipes.Validate);
        }
        finally
        {
            // Its failure (if any) is the migration's to report below; only wait for it.
            await Task.WhenAny(model);
        }

        // Several nodes may start at once on one empty database: one of them migrates and runs the setup recipes while
        // the others wait, then find the work done.
        await using var startLock = await AcquireStartLockAsync(cancellationToken);
        await using (var scope = scopeFactory.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>();
            await MigrateAsync(db, cancellationToken);
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            foreach (var role in scope.ServiceProvider.GetRequiredService<RoleCatalog>().All)
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
            // The schema starts from one Initial migration; a database made by the earlier, never released chain of
            // migrations cannot be brought to it, so say so instead of failing on a table that already exists.
            var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
            var unknown = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Where(m => !known.Contains(m)).ToList();
            if (unknown.Count > 0)
            {
                throw new DatabaseSchemaException(
                    $"The database was made by an earlier schema ({string.Join(", ", unknown.Take(3))}{(unknown.Count > 3 ? ", …" : "")}) that this version cannot upgrade. " +
                    "Start from a new database: delete App_Data/partnercms.db (SQLite) or point Database:ConnectionString at a new database; the setup recipes fill it again.");
            }

            await db.Database.MigrateAsync(cancellationToken);
            if (db.Database.IsSqlite())
            {
                // Write-ahead logging (kept in the file): readers no longer wait for a writer, and a writer waits for
                // another only while it commits, so background work (event delivery, jobs) barely slows a request.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }
        }
        catch (Exception ex) when (database.Value.Provider == DatabaseProvider.Postgres && IsConnectionFailure(ex))
        {
            throw Unavailable(ex);
        }
    }

    private async Task<StartLock> AcquireStartLockAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await StartLock.AcquireAsync(database.Value, logger, cancellationToken);
        }
        catch (Exception ex) when (database.Value.Provider == DatabaseProvider.Postgres && IsConnectionFailure(ex))
        {
            throw Unavailable(ex);
        }
    }

    /// <summary>
    /// The start-up lock: on PostgreSQL a session advisory lock on the portal's database (created first if it does not
    /// exist, tolerating another node creating it at the same moment), held until start-up work is done; on SQLite a
    /// process-wide lock (one database file is one process's).
    /// </summary>
    private sealed class StartLock : IAsyncDisposable
    {
        private const long Key = 0x5043_4D53_5354_4152; // "PCMSSTAR"
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> Local = new(StringComparer.Ordinal);
        private NpgsqlConnection? _connection;
        private SemaphoreSlim? _local;

        public static async Task<StartLock> AcquireAsync(DatabaseOptions options, ILogger logger, CancellationToken cancellationToken)
        {
            var startLock = new StartLock();
            if (options.Provider != DatabaseProvider.Postgres)
            {
                var gate = Local.GetOrAdd(options.ConnectionString ?? string.Empty, _ => new SemaphoreSlim(1, 1));
                await gate.WaitAsync(cancellationToken);
                startLock._local = gate;
                return startLock;
            }

            var target = new NpgsqlConnectionStringBuilder(options.ConnectionString) { Pooling = false };
            await EnsureDatabaseAsync(target, cancellationToken);
            startLock._connection = new NpgsqlConnection(target.ConnectionString);
            await startLock._connection.OpenAsync(cancellationToken);
            await using (var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", startLock._connection))
            {
                tryLock.Parameters.AddWithValue("key", Key);
                if (await tryLock.ExecuteScalarAsync(cancellationToken) is true)
                {
                    return startLock;
                }
            }

            logger.LogInformation("Another node is setting up the database; waiting for it.");
            await using var wait = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", startLock._connection) { CommandTimeout = 0 };
            wait.Parameters.AddWithValue("key", Key);
            await wait.ExecuteNonQueryAsync(cancellationToken);
            return startLock;
        }

        private static async Task EnsureDatabaseAsync(NpgsqlConnectionStringBuilder target, CancellationToken cancellationToken)
        {
            var maintenance = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = "postgres" };
            try
            {
                await using var probe = new NpgsqlConnection(target.ConnectionString);
                await probe.OpenAsync(cancellationToken);
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
            {
                // The database does not exist yet: create it below.
            }

            await using var admin = new NpgsqlConnection(maintenance.ConnectionString);
            await admin.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{target.Database!.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", admin);
            try
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
            {
                // Another node created it at the same moment.
            }
        }

        public async ValueTask DisposeAsync()
        {
            _local?.Release();

            if (_connection is not null)
            {
                await using (var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", _connection))
                {
                    unlock.Parameters.AddWithValue("key", Key);
                    await unlock.ExecuteNonQueryAsync();
                }

                await _connection.DisposeAsync();
            }
        }
    }

    private DatabaseUnavailableException Unavailable(Exception ex)
    {
        var where = new NpgsqlConnectionStringBuilder(database.Value.ConnectionString);
        return new DatabaseUnavailableException(
            $"PartnerCms cannot reach its PostgreSQL database '{where.Database}' at {where.Host}:{where.Port} as user '{where.Username}': {ex.Message} " +
            "Check that the server is running and that Database:ConnectionString is right, or remove Database:Provider to use the embedded SQLite database.",
            ex);
    }

    private static bool IsConnectionFailure(Exception ex) =>
        ex is NpgsqlException or SocketException or TimeoutException
        || (ex.InnerException is not null && IsConnectionFailure(ex.InnerException));
}
