using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Data;
using PartnerCms.Tests.Infrastructure;

namespace PartnerCms.Tests.Integration;

public abstract class HostTests(PartnerCmsSite site)
{
    [Fact]
    public async Task Health_endpoints_answer_and_ready_checks_the_database()
    {
        using var client = site.Anonymous();

        var live = await client.GetPageAsync("/health/live");
        var ready = await client.GetPageAsync("/health/ready");

        Assert.Equal((HttpStatusCode.OK, "Healthy"), live);
        Assert.Equal((HttpStatusCode.OK, "Healthy"), ready);
    }

    [Fact]
    public async Task The_migrations_match_the_model()
    {
        var pending = await site.AsSystemAsync(sp => Task.FromResult(sp.GetRequiredService<PartnerCmsDbContext>().Database.HasPendingModelChanges()));

        Assert.False(pending, "The model has changes no migration covers: add a migration for both providers (see README).");
    }

    [Fact]
    public async Task The_operator_sees_the_installed_modules_and_partner_users_are_refused()
    {
        using var operatorClient = await site.SignInAsync(DemoUsers.Operator);
        using var partnerClient = await site.SignInAsync(DemoUsers.ContosoAdmin);

        var (status, page) = await operatorClient.GetPageAsync("/admin/modules");
        var refused = await partnerClient.GetAsync("/admin/modules");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("PartnerCms.Partners", page);
        Assert.Contains("PartnerCms.Accounts", page);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task The_menu_shows_only_what_the_user_may_open()
    {
        using var operatorClient = await site.SignInAsync(DemoUsers.Operator);
        using var salesClient = await site.SignInAsync(DemoUsers.ContosoSales);

        var (_, operatorPage) = await operatorClient.GetPageAsync("/admin");
        var (_, salesPage) = await salesClient.GetPageAsync("/admin");

        HtmlPage.AssertHas(operatorPage, "a[href='/admin/modules']");
        Assert.DoesNotContain("href=\"/partner/company\"", operatorPage);
        HtmlPage.AssertHas(salesPage, "a[href='/partner/company']");
        Assert.DoesNotContain("href=\"/admin/modules\"", salesPage);
    }

    [Fact]
    public async Task Unknown_pages_get_a_friendly_404_and_pages_carry_security_headers()
    {
        using var client = await site.SignInAsync(DemoUsers.ContosoSales);

        var response = await client.GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class HostTestsOnSqlite(SqliteSite shared) : HostTests(shared.Site);

[Collection(PostgresCollection.Name)]
public sealed class HostTestsOnPostgres(PostgresSite shared) : HostTests(shared.Site);

public sealed class HostConfigurationTests
{
    [Fact]
    public async Task A_module_switched_off_by_configuration_is_gone_and_the_others_still_work()
    {
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite, new Dictionary<string, string?> { ["Modules:Disabled:0"] = "PartnerCms.Partners" });
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        using var operatorClient = await site.SignInAsync(DemoUsers.Operator);

        var company = await admin.GetAsync("/partner/company");
        var (dashboardStatus, dashboard) = await admin.GetPageAsync("/admin");
        var (_, modules) = await operatorClient.GetPageAsync("/admin/modules");

        Assert.Equal(HttpStatusCode.NotFound, company.StatusCode);
        Assert.Equal(HttpStatusCode.OK, dashboardStatus);
        Assert.DoesNotContain("/partner/company", dashboard);
        Assert.Contains("Switched off by configuration.", modules);
    }

    [Fact]
    public async Task An_unreachable_postgres_server_stops_start_up_with_a_clear_message()
    {
        var (exitCode, output) = await PortalProcess.RunUntilExitAsync(new Dictionary<string, string>
        {
            ["Database:Provider"] = "Postgres",
            ["Database:ConnectionString"] = "Host=127.0.0.1;Port=1;Database=partnercms;Username=partnercms;Password=secret;Timeout=3",
        });

        Assert.Equal(1, exitCode);
        Assert.Contains("PartnerCms could not start. PartnerCms cannot reach its PostgreSQL database 'partnercms' at 127.0.0.1:1", output);
        Assert.DoesNotContain("secret", output);
    }
}
