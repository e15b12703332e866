using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Recipes;

namespace PartnerCms.Tests.Infrastructure;

public enum TestDatabase
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The real portal in process, on a database of its own: a fresh SQLite file, or a fresh database on the PostgreSQL
/// server the test command started (PARTNERCMS_TEST_POSTGRES). Start-up runs the real migrations and setup recipes.
/// </summary>
public class PartnerCmsSite : WebApplicationFactory<Program>
{
    public const string PostgresVariable = "PARTNERCMS_TEST_POSTGRES";

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private readonly bool _realServer;

    public PartnerCmsSite(TestDatabase database, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, bool realServer = false)
    {
        Database = database;
        _services = services;
        _realServer = realServer;
        _settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = database.ToString(),
            ["Database:ConnectionString"] = ConnectionStringFor(database),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Accounts:SignInAttemptsPerMinute"] = "1000",
            // A thousand PBKDF2 rounds instead of 100,000: the same hashing and checking, at a hundredth of the CPU
            // (every site hashes the demo's users; tests sign in thousands of times).
            ["Accounts:PasswordHashIterations"] = "1000",
            // Every test client asks for tokens from the same (test server) address; the token limit has a test of its own.
            ["Api:TokenRequestsPerMinute"] = "10000",
            // Most tests sign in with a password alone: no two-step requirement and no demo authenticator keys. The Mfa
            // tests turn both on (TwoStepSites.Settings).
            ["Accounts:Mfa:Required"] = "false",
            ["Accounts:Mfa:DemoKeys"] = "false",
            // Mail a test makes without an SMTP server goes to a folder of its own, never into the source tree.
            ["Mail:PickupFolder"] = Path.Combine(Path.GetTempPath(), "partnercms-tests", "mail-" + Guid.NewGuid().ToString("N")[..12]),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        if (realServer)
        {
            UseKestrel(0);
        }
    }

    public TestDatabase Database { get; }

    public string ConnectionString => _settings["Database:ConnectionString"]!;

    /// <summary>The settings that point another process (a command, a second node) at this site's database.</summary>
    public Dictionary<string, string> DatabaseSettings => new()
    {
        ["Database:Provider"] = _settings["Database:Provider"]!,
        ["Database:ConnectionString"] = ConnectionString,
    };

    public static string ConnectionStringFor(TestDatabase database)
    {
        var name = "pcms_" + Guid.NewGuid().ToString("N")[..16];
        if (database == TestDatabase.Sqlite)
        {
            var folder = Path.Combine(Path.GetTempPath(), "partnercms-tests");
            System.IO.Directory.CreateDirectory(folder);
            return $"Data Source={Path.Combine(folder, name + ".db")};Pooling=False";
        }

        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                $"{PostgresVariable} is not set. Run the tests with 'bash tests/test.sh', which starts a throw-away PostgreSQL server, " +
                $"or set {PostgresVariable} to a connection string such as Host=127.0.0.1;Port=5432;Username=postgres.");
        }

        return $"{server};Database={name}";
    }

    /// <summary>The address of the real Kestrel server (browser tests).</summary>
    public Uri ServerAddress
    {
        get
        {
            if (!_realServer)
            {
                throw new InvalidOperationException("This site was not started with a real server.");
            }

            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_realServer ? "Development" : "Production");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_realServer)
        {
            builder.UseUrls("http://127.0.0.1:0");
        }

        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }

        // PARTNERCMS_TEST_ERRORLOG=/path: the portal's errors (with stack traces) go to that file, to diagnose a 500 a test saw.
        if (Environment.GetEnvironmentVariable("PARTNERCMS_TEST_ERRORLOG") is { Length: > 0 } errorLog)
        {
            builder.ConfigureLogging(logging => logging.AddProvider(new FileErrorLoggerProvider(errorLog)));
        }
    }

    /// <summary>
    /// Closes this site's pooled PostgreSQL connections when it stops: a run starts many sites, and idle pools would
    /// otherwise hold the server's connections until they age out, starving the tests that open many at once.
    /// </summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Database == TestDatabase.Postgres)
        {
            using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
            Npgsql.NpgsqlConnection.ClearPool(connection);
        }

        GC.SuppressFinalize(this);
    }

    public PortalClient Anonymous() => _realServer
        ? new(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = ServerAddress })
        : new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    public async Task<PortalClient> SignInAsync((string UserName, string Password) user)
    {
        var client = Anonymous();
        var response = await client.PostFormAsync("/account/signin", new() { ["UserName"] = user.UserName, ["Password"] = user.Password }, tokenPage: "/account/signin");
        if (response.StatusCode != System.Net.HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in of {user.UserName} failed: {(int)response.StatusCode}");
        }

        return client;
    }

    /// <summary>Runs a recipe file from the test project's Recipes folder (or the site's recipes by name).</summary>
    public async Task RunRecipeAsync(string nameOrFile)
    {
        var executor = Services.GetRequiredService<RecipeExecutor>();
        var path = Path.Combine(AppContext.BaseDirectory, "Recipes", nameOrFile);
        await executor.ExecuteAsync(executor.Load(File.Exists(path) ? path : nameOrFile));
    }

    public Task<string> UserIdAsync(string userName) => AsSystemAsync(async sp =>
        (await sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PartnerCms.Core.Accounts.PartnerCmsUser>>().FindByNameAsync(userName))!.Id);

    /// <summary>Whether the user can sign in with the password (without changing anything).</summary>
    public Task<bool> PasswordWorksAsync(string userName, string password) => AsSystemAsync(async sp =>
    {
        var users = sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PartnerCms.Core.Accounts.PartnerCmsUser>>();
        return await users.CheckPasswordAsync((await users.FindByNameAsync(userName))!, password);
    });

    /// <summary>
    /// Waits until every pending event is delivered or parked (this site's dispatcher runs in the background as in
    /// production; this also runs passes of its own so a test need not wait for the next poll). Tests that retry set a
    /// short Events:RetryDelay.
    /// </summary>
    public async Task DeliverEventsAsync()
    {
        var dispatcher = Services.GetRequiredService<PartnerCms.Core.Events.OutboxDispatcher>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            await dispatcher.DispatchDueAsync(CancellationToken.None);
            var pending = await AsSystemAsync(sp => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(
                sp.GetRequiredService<PartnerCms.Core.Data.PartnerCmsDbContext>().Set<PartnerCms.Core.Events.OutboxMessage>(),
                m => m.Status == PartnerCms.Core.Events.OutboxStatus.Pending));
            if (pending == 0)
            {
                return;
            }

            // A site on a manual clock never reaches a retry's backoff (two dispatchers, the background one and this
            // one, may collide once on the same workflow instance): its retries are made due at once.
            if (Services.GetRequiredService<TimeProvider>() is ManualClock manual)
            {
                var now = manual.GetUtcNow().UtcDateTime;
                await AsSystemAsync(sp => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ExecuteUpdateAsync(
                    System.Linq.Queryable.Where(sp.GetRequiredService<PartnerCms.Core.Data.PartnerCmsDbContext>().Set<PartnerCms.Core.Events.OutboxMessage>(),
                        m => m.Status == PartnerCms.Core.Events.OutboxStatus.Pending && m.Attempts > 0 && m.NextAttemptUtc > now && (m.LeasedUntilUtc == null || m.LeasedUntilUtc < now)),
                    set => set.SetProperty(m => m.NextAttemptUtc, now)));
            }

            if (DateTime.UtcNow > deadline)
            {
                var waiting = await AsSystemAsync(sp => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                    System.Linq.Queryable.Select(
                        System.Linq.Queryable.Where(sp.GetRequiredService<PartnerCms.Core.Data.PartnerCmsDbContext>().Set<PartnerCms.Core.Events.OutboxMessage>(), m => m.Status == PartnerCms.Core.Events.OutboxStatus.Pending),
                        m => m.Type + " attempts " + m.Attempts + " next " + m.NextAttemptUtc + " leased " + m.LeasedUntilUtc + ": " + m.LastError)));
                throw new TimeoutException($"{pending} events were still waiting for delivery after 20 s (clock {Services.GetRequiredService<TimeProvider>().GetUtcNow():O}): {string.Join("; ", waiting)}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Runs <paramref name="work"/> in a scope of its own, as the system (no organization filter).</summary>
    public async Task<T> AsSystemAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        using var system = scope.ServiceProvider.GetRequiredService<ICurrentOrganization>().RunAsSystem();
        return await work(scope.ServiceProvider);
    }
}

/// <summary>One portal per database kind, shared by the tests of a collection, with the demo data and a second partner.</summary>
public abstract class SharedSite(TestDatabase database) : IAsyncLifetime
{
    public PartnerCmsSite Site { get; } = new(database);

    public async Task InitializeAsync() => await Site.RunRecipeAsync("second-partner.recipe.json");

    public async Task DisposeAsync() => await Site.DisposeAsync();
}

public sealed class SqliteSite() : SharedSite(TestDatabase.Sqlite);

public sealed class PostgresSite() : SharedSite(TestDatabase.Postgres);

[CollectionDefinition(Name)]
public sealed class SqliteCollection : ICollectionFixture<SqliteSite>
{
    public const string Name = "SQLite site";
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresSite>
{
    public const string Name = "PostgreSQL site";
}
