using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Data;
using PartnerCms.Tests.Infrastructure;

namespace PartnerCms.Tests.Framework;

/// <summary>
/// Several nodes starting at once on one empty PostgreSQL database: one creates the database, migrates and runs the
/// setup recipes while the others wait on the start-up lock; every node starts, and there is one set of everything.
/// </summary>
[Trait("Area", "Framework")]
public sealed class SeveralNodesStartTests
{
    [Fact]
    public async Task Three_hosts_starting_together_on_an_empty_database_all_start_and_run_the_recipes_once()
    {
        var connectionString = PartnerCmsSite.ConnectionStringFor(TestDatabase.Postgres);
        var settings = new Dictionary<string, string?> { ["Database:ConnectionString"] = connectionString };
        var sites = Enumerable.Range(0, 3).Select(_ => new PartnerCmsSite(TestDatabase.Postgres, settings)).ToList();
        try
        {
            // Touching Services starts a host: all three at the same moment.
            await Task.WhenAll(sites.Select(site => Task.Run(() => site.Services)));

            var counts = await sites[0].AsSystemAsync(async sp =>
            {
                var db = sp.GetRequiredService<PartnerCmsDbContext>();
                return (
                    Organizations: await db.Organizations.CountAsync(o => o.Id == "contoso-partners"),
                    Users: await db.Users.AcrossOrganizations("test").CountAsync(u => u.NormalizedUserName == "SALES@CONTOSOPARTNERS.EXAMPLE"),
                    Migrations: (await db.Database.GetAppliedMigrationsAsync()).Count(),
                    Known: db.Database.GetMigrations().Count());
            });
            Assert.Equal(1, counts.Organizations);
            Assert.Equal(1, counts.Users);
            Assert.Equal(counts.Known, counts.Migrations);

            foreach (var site in sites)
            {
                using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
                Assert.Equal(System.Net.HttpStatusCode.OK, (await sales.GetAsync("/partner")).StatusCode);
            }
        }
        finally
        {
            foreach (var site in sites)
            {
                await site.DisposeAsync();
            }
        }
    }
}
