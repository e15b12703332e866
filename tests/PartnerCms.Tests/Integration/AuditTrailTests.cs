using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Audit.Models;
using PartnerCms.Audit.Services;
using PartnerCms.Core.Data;
using PartnerCms.Tests.Infrastructure;
using static PartnerCms.Tests.Infrastructure.OfferSteps;

namespace PartnerCms.Tests.Integration;

/// <summary>
/// R22: every action a partner user takes on behalf of a customer, every relationship change and every change of a
/// user's delegated access leaves one entry (who, which partner and customer, what, when, from where, outcome); entries
/// are hash-chained per organization, so a changed or deleted row is detected; the partner and the customer see theirs.
/// </summary>
public abstract class AuditTrailTests(PartnerCmsSite site)
{
    private const string Contoso = "contoso-partners";
    private const string Password = "Visitor-Pass-2026";

    private Task<(string CustomerId, string Domain)> NewDelegatedCustomerAsync() => NewContosoCustomerAsync(site, delegated: true);

    private Task<List<AuditEntry>> EntriesAsync(string chainId) => site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>()
        .Set<AuditEntry>().IgnoreQueryFilters().AsNoTracking().Where(e => e.ChainId == chainId).OrderBy(e => e.Sequence).ToListAsync());

    private Task<AuditVerification> VerifyAsync(string chainId) => site.AsSystemAsync(sp => sp.GetRequiredService<AuditLog>().VerifyAsync([chainId]));

    [Fact]
    [Trait("Rule", "R22")]
    public async Task Each_action_on_behalf_of_a_customer_leaves_exactly_one_entry_that_the_partner_and_the_customer_see()
    {
        var (customerId, domain) = await NewDelegatedCustomerAsync();
        // The acceptance's entry travels through the outbox; the on-behalf entries below are appended at once. Delivered
        // first, so the chain's order is the order things happened in (the background dispatcher may be slower).
        await site.DeliverEventsAsync();
        var adminId = await site.UserIdAsync("admin@" + domain);
        using var full = await site.SignInAsync(DemoUsers.ContosoFull);
        using var limited = await site.SignInAsync(DemoUsers.ContosoLimited);
        // Signed in before Contoso resets this administrator's password (the session lasts until the next stamp check).
        using var customerAdmin = await site.SignInAsync(("admin@" + domain, Password));

        Assert.Equal(HttpStatusCode.OK, (await full.GetAsync($"/partner/customers/{customerId}/administrators")).StatusCode);
        var reset = await full.PostFormAsync($"/partner/customers/{customerId}/reset-password", new Dictionary<string, string> { ["userId"] = adminId }, $"/partner/customers/{customerId}/reset-password");
        var refused = await limited.PostFormAsync($"/partner/customers/{customerId}/reset-password", new Dictionary<string, string> { ["userId"] = adminId }, "/partner");
        await site.DeliverEventsAsync();

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var entries = await EntriesAsync(customerId);
        Assert.Equal(
            [("delegation.accepted", "admin@" + domain, "succeeded"), ("customer.administrators-viewed", DemoUsers.ContosoFull.UserName, "succeeded"),
             ("customer.password-reset", DemoUsers.ContosoFull.UserName, "succeeded"), ("customer.password-reset", DemoUsers.ContosoLimited.UserName, "refused")],
            entries.Select(e => (e.Action, e.ActorUserName, e.Outcome)));
        var resetEntry = entries[2];
        // The entry names the role that allowed the reset (Full administration is the built-in team holding Global administrator).
        Assert.Equal((Contoso, customerId, "admin@" + domain + " — as Global administrator (built-in team Full administration)"), (resetEntry.PartnerOrganizationId, resetEntry.CustomerOrganizationId, resetEntry.Target));
        Assert.Equal(Enumerable.Range(1, 4).Select(i => (long)i), entries.Select(e => e.Sequence));
        Assert.True((await VerifyAsync(customerId)).Intact);

        using var partnerAdmin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        using var otherPartner = await site.SignInAsync(DemoUsers.WoodgroveAdmin);
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var (partnerStatus, partnerPage) = await partnerAdmin.GetPageAsync($"/partner/audit?customer={customerId}");
        var (_, otherPage) = await otherPartner.GetPageAsync($"/partner/audit?customer={customerId}");
        var (customerStatus, customerPage) = await customerAdmin.GetPageAsync("/portal/audit");
        var csv = await (await partnerAdmin.GetAsync($"/partner/audit.csv?customer={customerId}")).Content.ReadAsStringAsync();
        var bySales = await sales.GetAsync("/partner/audit");
        var customerOnPartnerViewer = await customerAdmin.GetAsync("/partner/audit");

        Assert.Equal(HttpStatusCode.OK, partnerStatus);
        Assert.Contains("4 entries.", partnerPage);
        HtmlPage.AssertHas(partnerPage, "[data-action='customer.password-reset']");
        Assert.Contains("Verified:", partnerPage);
        Assert.Contains("0 entries.", otherPage);
        Assert.Equal(HttpStatusCode.OK, customerStatus);
        HtmlPage.AssertHas(customerPage, "[data-action='customer.administrators-viewed']");
        Assert.Contains(DemoUsers.ContosoFull.UserName, customerPage);
        Assert.Equal(5, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("customer.password-reset", csv);
        Assert.Equal(HttpStatusCode.Forbidden, bySales.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, customerOnPartnerViewer.StatusCode);
    }

    [Fact]
    [Trait("Rule", "R22")]
    public async Task Removing_a_partner_and_changing_a_users_delegated_access_are_recorded()
    {
        var (customerId, domain) = await NewDelegatedCustomerAsync();
        using var customerAdmin = await site.SignInAsync(("admin@" + domain, Password));
        await customerAdmin.PostFormAsync($"/portal/partners/{Contoso}/remove", new Dictionary<string, string>(), "/portal/partners");
        await site.DeliverEventsAsync();

        var entries = await EntriesAsync(customerId);
        Assert.Equal(["delegation.accepted", "delegation.removed"], entries.Select(e => e.Action));
        Assert.Equal("admin@" + domain, entries[1].ActorUserName);
        Assert.Equal(Contoso, entries[1].PartnerOrganizationId);

        // A partner global administrator gives a new user Full administration of the companies Contoso supports.
        using var partnerAdmin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var userName = $"u{Guid.NewGuid().ToString("N")[..8]}@contosopartners.example";
        var created = await partnerAdmin.PostFormAsync("/portal/users/new", new() { ["Input.UserName"] = userName, ["Input.DisplayName"] = "New Delegate", ["Input.DelegatedAccess"] = "Full" }, "/portal/users/new");
        await site.DeliverEventsAsync();

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var access = Assert.Single(await EntriesAsync(Contoso), e => e.Target == userName + ": None → Full");
        Assert.Equal(("user.delegated-access-changed", DemoUsers.ContosoAdmin.UserName, "", Contoso), (access.Action, access.ActorUserName, access.CustomerOrganizationId, access.PartnerOrganizationId));
    }

    [Fact]
    [Trait("Rule", "R22")]
    public async Task A_new_customers_first_entries_written_at_once_by_a_request_and_by_the_event_dispatcher_all_land_in_one_intact_chain()
    {
        // A page on behalf (group-commit writer) and a relationship change (the dispatcher's handler) start the same new
        // chain at the same moment: neither may fail (a request answered 500 here), and the chain stays whole.
        var chains = Enumerable.Range(0, 40).Select(_ => "race-" + Guid.NewGuid().ToString("N")[..12]).ToList();
        PartnerCms.Core.Audit.AuditRecorded Entry(string chain, string action) =>
            new(Guid.NewGuid(), DateTime.UtcNow, null, DemoUsers.ContosoFull.UserName, Contoso, Contoso, chain, action, null, "succeeded", null);
        var writes = chains.SelectMany(chain => new[]
        {
            site.AsSystemAsync(async sp => { await sp.GetRequiredService<AuditBatchWriter>().AppendAsync(Entry(chain, "on-behalf.viewed"), CancellationToken.None); return 0; }),
            site.AsSystemAsync(async sp =>
            {
                var db = sp.GetRequiredService<PartnerCmsDbContext>();
                for (var attempt = 0; ; attempt++)
                {
                    try
                    {
                        await using var transaction = await db.Database.BeginTransactionAsync();
                        await sp.GetRequiredService<AuditLog>().AppendAsync(Entry(chain, "delegation.accepted"));
                        await transaction.CommitAsync();
                        return 0;
                    }
                    catch (Exception) when (attempt < 10)
                    {
                        // The dispatcher retries a failed delivery the same way.
                        db.ChangeTracker.Clear();
                    }
                }
            }),
        }).ToList();

        await Task.WhenAll(writes);

        foreach (var chain in chains)
        {
            Assert.Equal(2, (await EntriesAsync(chain)).Count);
            Assert.True((await VerifyAsync(chain)).Intact);
        }
    }

    [Fact]
    [Trait("Rule", "R22")]
    public async Task A_changed_or_deleted_entry_is_detected_by_verification_and_shown_on_the_viewer()
    {
        var (customerId, domain) = await NewDelegatedCustomerAsync();
        using var full = await site.SignInAsync(DemoUsers.ContosoFull);
        for (var i = 0; i < 4; i++)
        {
            await full.GetAsync($"/partner/customers/{customerId}/administrators");
        }

        await site.DeliverEventsAsync();
        Assert.True((await VerifyAsync(customerId)).Intact);
        var intactCommand = await PortalProcess.RunCommandAsync(["audit", "verify", customerId], site.DatabaseSettings);
        async Task ChangeAsync(Func<IQueryable<AuditEntry>, Task> change) => await site.AsSystemAsync(async sp =>
        {
            await change(sp.GetRequiredService<PartnerCmsDbContext>().Set<AuditEntry>().IgnoreQueryFilters().Where(e => e.ChainId == customerId));
            return 0;
        });

        // Someone with database access rewrites who did it. (Who wrote entry 3 is read, not assumed: the customer's own
        // sign-up and setup write entries too, in an order the test does not control.)
        var originalActor = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<AuditEntry>().IgnoreQueryFilters()
            .Where(e => e.ChainId == customerId && e.Sequence == 3).Select(e => e.ActorUserName).SingleAsync());
        await ChangeAsync(q => q.Where(e => e.Sequence == 3).ExecuteUpdateAsync(s => s.SetProperty(e => e.ActorUserName, "someone@else.example")));
        var changed = await VerifyAsync(customerId);
        var changedCommand = await PortalProcess.RunCommandAsync(["audit", "verify"], site.DatabaseSettings);
        using var customerAdmin = await site.SignInAsync(("admin@" + domain, Password));
        var (_, page) = await customerAdmin.GetPageAsync("/portal/audit");
        await ChangeAsync(q => q.Where(e => e.Sequence == 3).ExecuteUpdateAsync(s => s.SetProperty(e => e.ActorUserName, originalActor)));
        var restored = await VerifyAsync(customerId);

        await ChangeAsync(q => q.Where(e => e.Sequence == 2).ExecuteDeleteAsync());
        var middleDeleted = await VerifyAsync(customerId);
        await ChangeAsync(q => q.Where(e => e.Sequence >= 2).ExecuteDeleteAsync());
        var newestDeleted = await VerifyAsync(customerId);

        Assert.True(intactCommand.ExitCode == 0, intactCommand.Output);
        Assert.Contains("Audit trail intact: 1 chains", intactCommand.Output);
        Assert.False(changed.Intact);
        Assert.Contains("Entry 3", changed.Problem);
        // The operator's command finds it too, among every chain, and exits non-zero for a scheduler to alert on.
        Assert.True(changedCommand.ExitCode == 1, changedCommand.Output);
        Assert.Contains($"Entry 3 of chain {customerId} was changed", changedCommand.Output);
        Assert.Contains("Verification failed", WebUtility.HtmlDecode(page));
        Assert.True(restored.Intact, restored.Problem);
        Assert.False(middleDeleted.Intact);
        Assert.Contains("missing", middleDeleted.Problem);
        Assert.False(newestDeleted.Intact);
        Assert.Contains("newest entries", newestDeleted.Problem);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AuditTrailTestsOnSqlite(SqliteSite shared) : AuditTrailTests(shared.Site);

[Collection(PostgresCollection.Name)]
public sealed class AuditTrailTestsOnPostgres(PostgresSite shared) : AuditTrailTests(shared.Site);
