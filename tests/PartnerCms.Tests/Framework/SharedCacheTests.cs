using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Tests.Infrastructure;
using static PartnerCms.Tests.Infrastructure.OfferSteps;

namespace PartnerCms.Tests.Framework;

/// <summary>
/// Two nodes on one PostgreSQL database and one Redis server (PARTNERCMS_TEST_REDIS, started by tests/test.sh): the
/// landing pages they cache are shared, so a withdrawal or a company change made on one node shows on the other at once.
/// </summary>
[Trait("Area", "Framework")]
public sealed class SharedCacheTests
{
    public const string RedisVariable = "PARTNERCMS_TEST_REDIS";

    private static (PartnerCmsSite A, PartnerCmsSite B) TwoNodes()
    {
        var redis = Environment.GetEnvironmentVariable(RedisVariable);
        if (string.IsNullOrWhiteSpace(redis))
        {
            throw new InvalidOperationException($"{RedisVariable} is not set. Run the tests with 'bash tests/test.sh', which starts a throw-away Redis server.");
        }

        var shared = new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = PartnerCmsSite.ConnectionStringFor(TestDatabase.Postgres),
            ["Redis:Configuration"] = redis,
            ["Redis:InstanceName"] = "t" + Guid.NewGuid().ToString("N")[..8] + ":",
        };
        var a = new PartnerCmsSite(TestDatabase.Postgres, shared);
        _ = a.Services;
        return (a, new PartnerCmsSite(TestDatabase.Postgres, shared));
    }

    /// <summary>What the other node's Partner Overview shows, read again every 100 ms for up to five seconds until it is <paramref name="expected"/>.</summary>
    private static async Task<string> ShownWithinAsync(PortalClient client, string expected, Func<string, string> read)
    {
        var shown = string.Empty;
        for (var attempt = 0; attempt < 50 && shown != expected; attempt++)
        {
            var (_, page) = await client.GetPageAsync("/partner");
            shown = read(page);
            if (shown != expected)
            {
                await Task.Delay(100);
            }
        }

        return shown;
    }

    [Fact]
    [Trait("Rule", "R12")]
    public async Task An_offer_withdrawn_on_one_node_is_gone_from_the_landing_page_the_other_node_had_cached()
    {
        var (a, b) = TwoNodes();
        await using var nodeA = a;
        await using var nodeB = b;
        using var sales = await nodeA.SignInAsync(DemoUsers.ContosoSales);
        var quoteId = await CreateOfferAsync(sales, "trial", "US", await OfficeAsync(nodeA, "contoso-partners", "RED-001"), [("INTUNE-P1-TRIAL", 0)]);
        var path = await LinkPathAsync(sales, quoteId);
        using var onA = nodeA.Anonymous();
        using var onB = nodeB.Anonymous();
        var (firstOnB, _) = await onB.GetPageAsync(path);
        var (cachedOnA, _) = await onA.GetPageAsync(path);

        var withdrawn = await sales.PostFormAsync($"/partner/offers/{quoteId}/withdraw", [], $"/partner/offers/{quoteId}");
        var (afterOnB, page) = await onB.GetPageAsync(path);
        var (afterOnA, _) = await onA.GetPageAsync(path);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (firstOnB, cachedOnA));
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        Assert.Equal((HttpStatusCode.Gone, HttpStatusCode.Gone), (afterOnB, afterOnA));
        Assert.Contains("withdrawn", page, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    [Trait("Rule", "R1")]
    [Trait("Rule", "R12")]
    public async Task A_company_change_saved_on_one_node_shows_on_the_landing_page_the_other_node_had_cached()
    {
        var (a, b) = TwoNodes();
        await using var nodeA = a;
        await using var nodeB = b;
        using var sales = await nodeA.SignInAsync(DemoUsers.ContosoSales);
        var quoteId = await CreateOfferAsync(sales, "trial", "US", await OfficeAsync(nodeA, "contoso-partners", "RED-001"), [("INTUNE-P1-TRIAL", 0)]);
        var path = await LinkPathAsync(sales, quoteId);
        using var onB = nodeB.Anonymous();
        var (_, before) = await onB.GetPageAsync(path);
        using var admin = await nodeA.SignInAsync(DemoUsers.ContosoAdmin);
        var version = await nodeA.AsSystemAsync(sp => sp.GetRequiredService<PartnerCms.Core.Data.PartnerCmsDbContext>().Set<PartnerCms.Partners.Models.CompanyInformation>()
            .Where(c => c.OrganizationId == "contoso-partners").Select(c => c.Version).SingleAsync());

        var saved = await admin.PostFormAsync("/partner/company/edit", Integration.CompanyInformationTests.ValidForm("+1 425 555 0177", version.ToString(System.Globalization.CultureInfo.InvariantCulture)), "/partner/company/edit");
        await nodeA.DeliverEventsAsync();
        var (_, after) = await onB.GetPageAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("+1 425 555 0100", WebUtility.HtmlDecode(before));
        Assert.Contains("+1 425 555 0177", WebUtility.HtmlDecode(after));
    }

    [Fact]
    [Trait("Rule", "R21")]
    public async Task An_on_behalf_check_kept_on_one_node_refuses_the_next_request_after_a_change_on_the_other_node()
    {
        var (a, b) = TwoNodes();
        await using var nodeA = a;
        await using var nodeB = b;
        const string Contoso = "contoso-partners";
        var (customerId, domain) = await NewContosoCustomerAsync(nodeA, delegated: true);
        using var full = await nodeA.SignInAsync(DemoUsers.ContosoFull);
        var userId = await nodeA.UserIdAsync(DemoUsers.ContosoFull.UserName);
        var cache = nodeA.Services.GetRequiredService<PartnerCms.Customers.Services.OnBehalfCheckCache>();
        Assert.Equal(PartnerCms.Core.Caching.VersionStampsMode.Redis, nodeA.Services.GetRequiredService<PartnerCms.Core.Caching.VersionStamps>().Mode);

        // A session on node A whose check node A keeps (so a missed change would be answered from the cache).
        async Task<string> OpenOnAAsync()
        {
            var started = await full.PostFormAsync($"/partner/customers/{customerId}/administer", new Dictionary<string, string>(), "/partner");
            Assert.Equal("/portal", started.Headers.Location?.OriginalString);
            Assert.Equal(HttpStatusCode.OK, (await full.GetPageAsync("/portal/users")).Status);
            Assert.Equal(HttpStatusCode.OK, (await full.GetPageAsync("/portal/users")).Status);
            var id = await nodeA.AsSystemAsync(sp => sp.GetRequiredService<PartnerCms.Core.Data.PartnerCmsDbContext>().Set<PartnerCms.Customers.Models.OnBehalfSession>()
                .IgnoreQueryFilters().Where(s => s.UserId == userId && s.EndedUtc == null).Select(s => s.Id).SingleAsync());
            var stamp = await cache.StampAsync(Contoso);
            Assert.NotNull(stamp);
            Assert.NotNull(cache.Find(id, userId, Contoso, stamp.Value, DateTime.UtcNow));
            return id;
        }

        async Task<string> RefusedOnAAsync()
        {
            var next = await full.GetAsync("/portal/users");
            Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
            var location = WebUtility.UrlDecode(next.Headers.Location?.OriginalString ?? string.Empty);
            Assert.StartsWith("/partner/lookup?ended=", location, StringComparison.Ordinal);
            return location;
        }

        // The session ends on node B (as leaving the customer's portal there does).
        var session = await OpenOnAAsync();
        await nodeB.AsSystemAsync(async sp =>
        {
            await sp.GetRequiredService<PartnerCms.Customers.Services.OnBehalfSessions>().EndByIdAsync(session, userId, "The user left the customer's portal.");
            return true;
        });
        Assert.Contains("The session has ended.", await RefusedOnAAsync());

        // The user's delegated access changes on node B.
        await OpenOnAAsync();
        await nodeB.AsSystemAsync(async sp =>
        {
            var users = sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PartnerCms.Core.Accounts.PartnerCmsUser>>();
            var user = (await users.FindByIdAsync(userId))!;
            user.DelegatedAccess = PartnerCms.Core.Accounts.DelegatedAccess.Limited;
            return (await users.UpdateAsync(user)).Succeeded;
        });
        Assert.Contains("administrative access to the companies you support has changed", await RefusedOnAAsync());

        // The customer removes the partner on node B.
        await OpenOnAAsync();
        using var customerOnB = await nodeB.SignInAsync(("admin@" + domain, "Visitor-Pass-2026"));
        var removed = await customerOnB.PostFormAsync($"/portal/partners/{Contoso}/remove", new Dictionary<string, string>(), "/portal/partners");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Contains("no longer has your organization", await RefusedOnAAsync());
    }

    [Fact]
    public async Task A_renamed_organization_shows_its_new_name_in_the_top_bar_of_the_node_that_had_the_old_one_cached()
    {
        var (a, b) = TwoNodes();
        await using var nodeA = a;
        await using var nodeB = b;
        using var adminOnA = await nodeA.SignInAsync(DemoUsers.ContosoAdmin);
        using var salesOnB = await nodeB.SignInAsync(DemoUsers.ContosoSales);
        var (_, before) = await salesOnB.GetPageAsync("/partner");
        Assert.Equal("Contoso Partners", HtmlPage.Text(before, "[data-testid='current-organization']"));

        // Renamed on node A (the company information page); node B forgets its cached name through Redis pub/sub.
        var version = await nodeA.AsSystemAsync(sp => sp.GetRequiredService<PartnerCms.Core.Data.PartnerCmsDbContext>().Set<PartnerCms.Partners.Models.CompanyInformation>()
            .Where(c => c.OrganizationId == "contoso-partners").Select(c => c.Version).SingleAsync());
        var form = Integration.CompanyInformationTests.ValidForm(version: version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        form["Input.CompanyName"] = "Contoso Partners Worldwide";
        var saved = await adminOnA.PostFormAsync("/partner/company/edit", form, "/partner/company/edit");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        // A message on the channel, not the cache's own five minutes: within five seconds.
        Assert.Equal("Contoso Partners Worldwide", await ShownWithinAsync(salesOnB, "Contoso Partners Worldwide", page => HtmlPage.Text(page, "[data-testid='current-organization']")));
        var (_, onA) = await adminOnA.GetPageAsync("/partner");
        Assert.Equal("Contoso Partners Worldwide", HtmlPage.Text(onA, "[data-testid='current-organization']"));
    }

    [Fact]
    public async Task A_notification_added_or_read_on_one_node_changes_the_unread_count_the_other_node_had_cached()
    {
        var (a, b) = TwoNodes();
        await using var nodeA = a;
        await using var nodeB = b;
        using var salesOnA = await nodeA.SignInAsync(DemoUsers.ContosoSales);
        using var salesOnB = await nodeB.SignInAsync(DemoUsers.ContosoSales);
        var userId = await nodeA.UserIdAsync(DemoUsers.ContosoSales.UserName);
        Task<string> BadgeOnBAsync(string expected) => ShownWithinAsync(salesOnB, expected,
            page => HtmlPage.Has(page, "[data-testid='notifications-badge']") ? HtmlPage.Text(page, "[data-testid='notifications-badge']") : "0");

        Assert.Equal("0", await BadgeOnBAsync("0")); // read and cached on node B
        await nodeA.AsSystemAsync(async sp =>
        {
            var notifications = sp.GetRequiredService<PartnerCms.Notifications.Services.NotificationService>();
            notifications.Add("contoso-partners", [userId], "Hello from node A", null, "/partner", "test");
            await sp.GetRequiredService<PartnerCms.Core.Data.PartnerCmsDbContext>().SaveChangesAsync();
            return true;
        });
        Assert.Equal("1", await BadgeOnBAsync("1"));

        // "Mark all read" is a bulk update on node A: node B forgets the count too.
        var read = await salesOnA.PostFormAsync("/notifications/read-all", [], "/notifications");
        Assert.Equal(HttpStatusCode.Redirect, read.StatusCode);
        Assert.Equal("0", await BadgeOnBAsync("0"));
    }
}

/// <summary>Offer views counted on several nodes are added up, not overwritten, when each node flushes its counts.</summary>
[Trait("Area", "Framework")]
public sealed class ViewCounterTests
{
    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    [Trait("Rule", "R11")]
    public async Task Views_counted_on_two_nodes_and_flushed_at_the_same_moment_all_count(TestDatabase database)
    {
        var shared = new Dictionary<string, string?> { ["Database:ConnectionString"] = PartnerCmsSite.ConnectionStringFor(database) };
        await using var a = new PartnerCmsSite(database, shared);
        _ = a.Services;
        await using var b = new PartnerCmsSite(database, shared);
        var counters = new[] { a, b }.Select(site => site.Services.GetRequiredService<PartnerCms.Offers.Services.OfferViewCounter>()).ToList();
        var offerId = Guid.NewGuid().ToString("N")[..26];

        for (var round = 0; round < 5; round++)
        {
            foreach (var counter in counters)
            {
                for (var i = 0; i < 7; i++)
                {
                    counter.Count(offerId, "contoso-partners");
                }
            }

            await Task.WhenAll(counters.Select(c => c.FlushAsync()));
        }

        var stored = await a.AsSystemAsync(sp => sp.GetRequiredService<PartnerCms.Core.Data.PartnerCmsDbContext>().Set<PartnerCms.Offers.Models.OfferDailyViews>()
            .Where(v => v.OfferId == offerId).Select(v => v.Views).ToListAsync());
        Assert.Equal(70, Assert.Single(stored));
    }
}

/// <summary>
/// The operator guide's three-node set-up, started by tests/several-nodes.sh on loopback ports (nginx in front, one
/// PostgreSQL database, one Redis server): a withdrawn offer is dead on every node within a second.
/// </summary>
[Trait("Area", "Framework")]
public sealed class SeveralNodesScriptTests
{
    [Fact]
    [Trait("Rule", "R12")]
    public async Task Behind_nginx_three_nodes_start_together_and_a_withdrawn_offer_is_dead_on_each_within_a_second()
    {
        var (exitCode, said) = await RepositoryScript.RunAsync("several-nodes.sh", TimeSpan.FromMinutes(3));

        Assert.True(exitCode == 0, said);
        Assert.Contains("OK: a withdrawn offer is dead on all three nodes", said);
    }
}
