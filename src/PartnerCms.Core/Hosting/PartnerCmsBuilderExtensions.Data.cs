using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Data;

namespace PartnerCms.Core.Hosting;

/// <summary>The database: provider, connection, migrations owner, data protection keys.</summary>
public static partial class PartnerCmsBuilderExtensions
{
    /// <summary>
    /// EF Core's check at every <c>Migrate</c> that the model has no change without a migration diffs the whole model
    /// against the snapshot (0.16 s of each start). It is a developer's check: the test
    /// <c>HostTests.The_migrations_match_the_model</c> makes it on both providers, so a released build never starts with one.
    /// </summary>
    private static void IgnoredAtStart(Microsoft.EntityFrameworkCore.Diagnostics.WarningsConfigurationBuilder warnings) =>
        warnings.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.PendingModelChangesWarning);

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

            services.AddDbContext<TPostgres>((sp, o) => o.UseNpgsql(options.ConnectionString).ConfigureWarnings(IgnoredAtStart).AddInterceptors(sp.GetRequiredService<Events.OutboxSaveInterceptor>(), sp.GetRequiredService<Caching.SavedEntityInvalidation>()));
            services.AddScoped<PartnerCmsDbContext>(sp => sp.GetRequiredService<TPostgres>());
        }
        else
        {
            var sqliteSetup = new SqliteConnectionSetup(fullSync: string.Equals(builder.Configuration["Database:SqliteSynchronous"], "FULL", StringComparison.OrdinalIgnoreCase));
            services.AddDbContext<TSqlite>((sp, o) => o.UseSqlite(options.ConnectionString).ConfigureWarnings(IgnoredAtStart).AddInterceptors(sp.GetRequiredService<Events.OutboxSaveInterceptor>(), sp.GetRequiredService<Caching.SavedEntityInvalidation>(), sqliteSetup));
            services.AddScoped<PartnerCmsDbContext>(sp => sp.GetRequiredService<TSqlite>());
        }

        services.AddDataProtection().SetApplicationName("PartnerCms").PersistKeysToDbContext<PartnerCmsDbContext>();
    }
}
