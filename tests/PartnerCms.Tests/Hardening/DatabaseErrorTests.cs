using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Data;
using PartnerCms.Core.Organizations;
using PartnerCms.Offers.Models;
using PartnerCms.Tests.Infrastructure;
using static PartnerCms.Tests.Infrastructure.OfferSteps;

namespace PartnerCms.Tests.Hardening;

/// <summary>
/// Only a unique violation of the named index reads as a business message ("already exists", "already accepted");
/// every other database error propagates. Checked against what SQLite and PostgreSQL really say.
/// </summary>
[Trait("Area", "Hardening")]
public abstract class UniqueViolationTests(PartnerCmsSite site)
{
    private async Task<DbUpdateException> SaveFailureAsync(Action<PartnerCmsDbContext> change) => await site.AsSystemAsync(async sp =>
    {
        var db = sp.GetRequiredService<PartnerCmsDbContext>();
        change(db);
        return await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    });

    [Fact]
    public async Task A_duplicate_domain_is_a_violation_of_the_domain_index_and_of_no_other()
    {
        var ex = await SaveFailureAsync(db => db.OrganizationDomains.Add(new OrganizationDomain { OrganizationId = "fabrikam", Name = "fabrikam.example", NormalizedName = "fabrikam.example" }));

        using var scope = site.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>();
        Assert.True(ex.IsUniqueViolation<OrganizationDomain>(db, nameof(OrganizationDomain.NormalizedName)));
        Assert.False(ex.IsUniqueViolation<OfferAcceptance>(db, nameof(OfferAcceptance.OfferId), nameof(OfferAcceptance.CustomerOrganizationId)));
        Assert.False(ex.IsUniqueViolation<Organization>(db, nameof(Organization.PartnerId)));
    }

    [Fact]
    public async Task A_missing_required_value_is_not_a_unique_violation()
    {
        var ex = await SaveFailureAsync(db => db.OrganizationDomains.Add(new OrganizationDomain { OrganizationId = "fabrikam", Name = null!, NormalizedName = "t" + Guid.NewGuid().ToString("N")[..8] + ".example" }));

        using var scope = site.Services.CreateScope();
        Assert.False(ex.IsUniqueViolation<OrganizationDomain>(scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>(), nameof(OrganizationDomain.NormalizedName)));
    }

    [Fact]
    public void Naming_an_index_the_model_does_not_have_is_a_programming_error()
    {
        using var scope = site.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>();

        Assert.Throws<InvalidOperationException>(() => new DbUpdateException("x").IsUniqueViolation<OrganizationDomain>(db, nameof(OrganizationDomain.Name)));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class UniqueViolationTestsOnSqlite(SqliteSite shared) : UniqueViolationTests(shared.Site);

[Collection(PostgresCollection.Name)]
public sealed class UniqueViolationTestsOnPostgres(PostgresSite shared) : UniqueViolationTests(shared.Site);

/// <summary>A database failure during an acceptance is an error (logged, 500 page), never "you had already accepted".</summary>
[Trait("Area", "Hardening")]
[Trait("Rule", "R12")]
public sealed class AcceptanceFailureTests : IAsyncLifetime
{
    private readonly FailingAcceptances _failure = new();
    private readonly PartnerCmsSite _site;

    private readonly RecordingLoggerProvider _logs = new();

    public AcceptanceFailureTests() => _site = new PartnerCmsSite(TestDatabase.Sqlite, services: services =>
    {
        services.ConfigureDbContext<PartnerCms.Web.Data.SqlitePartnerCmsDbContext>(o => o.AddInterceptors(_failure));
        services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(_logs);
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task A_failing_database_is_not_reported_as_an_earlier_acceptance()
    {
        using var sales = await _site.SignInAsync(DemoUsers.ContosoSales);
        var path = await LinkPathAsync(sales, await CreateOfferAsync(sales, "purchase", "US", await OfficeAsync(_site, "contoso-partners", "RED-001"), [("INTUNE-P1", 5)]));
        _failure.Armed = true;

        using var customer = _site.Anonymous();
        var result = await SignUpAsync(customer, path, NewDomain(), new() { ["INTUNE-P1"] = 5 });

        Assert.Equal(HttpStatusCode.InternalServerError, result.Status);
        Assert.DoesNotContain("already accepted", result.Page);

        // The user is given the request id, and the log has the exception under that id.
        var requestId = System.Text.RegularExpressions.Regex.Match(result.Page, "data-testid=\"request-id\">[^<]*<code>([^<]+)</code>").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(requestId), result.Page);
        Assert.Contains(_logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error && e.Message.Contains(requestId, StringComparison.Ordinal) && e.Exception is DbUpdateException);
        Assert.Equal(0, await _site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().OrganizationDomains.IgnoreQueryFilters().CountAsync(d => d.NormalizedName == result.Domain)));
    }

    private sealed class FailingAcceptances : SaveChangesInterceptor
    {
        public bool Armed { get; set; }

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (Armed && eventData.Context!.ChangeTracker.Entries<OfferAcceptance>().Any(e => e.State == EntityState.Added))
            {
                throw new DbUpdateException("Simulated failure", new SqliteException("disk I/O error", 10));
            }

            return base.SavingChangesAsync(eventData, result, cancellationToken);
        }
    }
}
