using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Data;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Security;
using PartnerCms.Delegation.Models;
using PartnerCms.Delegation.Services;
using PartnerCms.Mail.Models;
using PartnerCms.Tests.Infrastructure;
using static PartnerCms.Tests.Infrastructure.OfferSteps;

namespace PartnerCms.Tests.Integration;

/// <summary>
/// Time limits that renew, on a manual clock: notices 30, 7 and 1 days before the end (each once, even with two
/// dispatchers), auto-extend at the end date (never with Global administrator), a request that lapses after 90 days and
/// cannot be accepted then, and Renew selected over hundreds of relationships.
/// </summary>
[Trait("Area", "Delegation")]
public abstract class DelegationScheduleTests(TestDatabase database) : IAsyncLifetime
{
    private const string Contoso = "contoso-partners";
    private readonly ManualClock _clock = new();
    private PartnerCmsSite _site = null!;

    public async Task InitializeAsync()
    {
        _site = new PartnerCmsSite(database, services: services => services.AddSingleton<TimeProvider>(_clock));
        await _site.RunRecipeAsync("second-partner.recipe.json");
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    private Task GrantAsync(string customerId, string[] roles, DateTime? endsUtc, bool autoExtend) =>
        _site.AsSystemAsync(async sp =>
        {
            await sp.GetRequiredService<DelegatedRelationshipService>().GrantAsync(Contoso, customerId, "test", "test", endsUtc, roles, null, autoExtend);
            return true;
        });

    /// <summary>Two dispatchers run the expiry job's work at the same moment.</summary>
    private Task RunTwiceAsync() => Task.WhenAll(
        _site.AsSystemAsync(sp => sp.GetRequiredService<DelegatedRelationshipService>().ExpireDueAsync()),
        _site.AsSystemAsync(sp => sp.GetRequiredService<DelegatedRelationshipService>().ExpireDueAsync()));

    private Task<List<OutgoingMail>> NoticesAsync(string domain) => _site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<OutgoingMail>()
        .IgnoreQueryFilters().AsNoTracking().Where(m => m.Source == RelationshipNotices.Source && m.TextBody.Contains("Test " + domain)).ToListAsync());

    private Task<DelegatedRelationshipPart?> PartAsync(string customerId) =>
        _site.AsSystemAsync(sp => sp.GetRequiredService<DelegatedRelationshipService>().GetAsync(Contoso, customerId));

    [Fact]
    [Trait("Rule", "R15")]
    public async Task Notices_go_out_30_7_and_1_days_before_the_end_once_each_and_the_relationship_extends_itself_at_the_end()
    {
        var (customerId, domain) = await NewContosoCustomerAsync(_site, delegated: false);
        var ends = Now.AddDays(40);
        await GrantAsync(customerId, [DelegatedRoles.UsersAdministrator, DelegatedRoles.ServiceSupport], ends, autoExtend: true);

        await RunTwiceAsync();
        Assert.Empty(await NoticesAsync(domain));

        _clock.Advance(TimeSpan.FromDays(11));
        await RunTwiceAsync();
        await RunTwiceAsync();
        var first = await NoticesAsync(domain);
        // One mail to the partner's global administrators and one to the customer's, once.
        Assert.Equal(2, first.Count);
        Assert.Contains(first, m => m.To.Contains("admin@contosopartners.example", StringComparison.OrdinalIgnoreCase) && m.Subject.Contains("ends in 29 days", StringComparison.Ordinal));
        Assert.Contains(first, m => m.To.Contains("admin@" + domain, StringComparison.OrdinalIgnoreCase));

        _clock.Advance(TimeSpan.FromDays(23));
        await RunTwiceAsync();
        _clock.Advance(TimeSpan.FromDays(5.5));
        await RunTwiceAsync();
        await RunTwiceAsync();
        var all = await NoticesAsync(domain);
        Assert.Equal(6, all.Count);
        Assert.Equal(2, all.Count(m => m.Subject.Contains("ends in 6 days", StringComparison.Ordinal)));
        Assert.Equal(2, all.Count(m => m.Subject.Contains("ends in 1 day", StringComparison.Ordinal)));

        // The customer's global administrator sees it in the portal too.
        using var customerAdmin = await _site.SignInAsync(("admin@" + domain, "Visitor-Pass-2026"));
        var (_, notifications) = await customerAdmin.GetPageAsync("/notifications");
        Assert.Contains("delegated administration ends in 1 day", WebUtility.HtmlDecode(notifications), StringComparison.Ordinal);

        // At the end date it extends itself by six months, and the Full team keeps access.
        _clock.Advance(TimeSpan.FromDays(1));
        await RunTwiceAsync();
        var part = await PartAsync(customerId);
        Assert.Equal(RelationshipStatus.Active, part!.Status);
        Assert.Equal(ends.AddMonths(6), part.EndsUtc!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, part.Extensions);
        var index = await _site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<DelegatedRelationshipIndex>().IgnoreQueryFilters().AsNoTracking()
            .SingleAsync(i => i.CustomerOrganizationId == customerId));
        Assert.Equal(ends.AddMonths(6).AddDays(-30), index.NextDueUtc!.Value, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    [Trait("Rule", "R15")]
    [Trait("Rule", "R21")]
    public async Task A_relationship_with_Global_administrator_never_extends_itself_and_ends_at_its_end_date()
    {
        var (customerId, _) = await NewContosoCustomerAsync(_site, delegated: false);
        await GrantAsync(customerId, [DelegatedRoles.GlobalAdministrator, DelegatedRoles.UsersAdministrator], Now.AddDays(3), autoExtend: true);
        Assert.False((await PartAsync(customerId))!.AutoExtend);

        // The offer form refuses the combination with a message.
        using var sales = await _site.SignInAsync(DemoUsers.ContosoSales);
        var refused = await sales.PostFormAsync("/partner/offers/new/delegated-admin", Fields(("OfficeId", await OfficeAsync(_site, Contoso, "RED-001")), ("RolesShown", "true"),
            ("Roles", DelegatedRoles.GlobalAdministrator), ("Days", "30"), ("AutoExtend", "true")), "/partner/offers/new/delegated-admin");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("cannot extend itself", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        using var full = await _site.SignInAsync(DemoUsers.ContosoFull);
        Assert.Equal(HttpStatusCode.Redirect, (await full.PostFormAsync($"/partner/customers/{customerId}/administer", new Dictionary<string, string>(), "/partner")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await full.GetPageAsync("/portal/users")).Status);
        _clock.Advance(TimeSpan.FromDays(3.1));

        // Access ends at the end date whether or not the job ran, open sessions included.
        var after = await full.GetAsync("/portal/users");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        await RunTwiceAsync();
        Assert.Equal(RelationshipStatus.Expired, (await PartAsync(customerId))!.Status);
    }

    [Fact]
    [Trait("Rule", "R14")]
    [Trait("Rule", "R15")]
    public async Task A_request_not_answered_in_90_days_lapses_and_can_no_longer_be_accepted()
    {
        var (customerId, domain) = await NewContosoCustomerAsync(_site, delegated: false);
        using var sales = await _site.SignInAsync(DemoUsers.ContosoSales);
        var created = await sales.PostFormAsync("/partner/offers/new/delegated-admin", Fields(("OfficeId", await OfficeAsync(_site, Contoso, "RED-001")), ("CustomerId", customerId),
            ("RolesShown", "true"), ("Roles", DelegatedRoles.UsersAdministrator), ("Days", "365")), "/partner/offers/new/delegated-admin");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var path = await LinkPathAsync(sales, created.Headers.Location!.OriginalString.Split('/').Last());

        _clock.Advance(TimeSpan.FromDays(91));
        await RunTwiceAsync();
        Assert.Equal(RelationshipStatus.Lapsed, (await PartAsync(customerId))!.Status);

        using var visitor = _site.Anonymous();
        var query = Query(path);
        var accept = await visitor.PostFormAsync($"/offers/{path.Split('/', '?')[2]}/accept", Fields(("Advisor", query["advisor"]), ("Sig", query["sig"]), ("As", "existing"),
            ("Decision", "accept"), ("RolesShown", "true"), ("ApprovedRoles", DelegatedRoles.UsersAdministrator),
            ("SignInUserName", "admin@" + domain), ("SignInPassword", "Visitor-Pass-2026")), AcceptPath(path));
        Assert.Equal(HttpStatusCode.BadRequest, accept.StatusCode);
        Assert.Contains("lapsed after 90 days", WebUtility.HtmlDecode(await accept.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(RelationshipStatus.Lapsed, (await PartAsync(customerId))!.Status);

        // The customer sees it among past relationships; the partner sees it as lapsed on My customers.
        using var admin = await _site.SignInAsync(DemoUsers.ContosoAdmin);
        var (_, mine) = await admin.GetPageAsync("/partner/customers?status=Lapsed");
        Assert.Equal("Lapsed", HtmlPage.Text(mine, $"tr[data-customer='{customerId}'] [data-field='status']"));
    }

    [Fact]
    public async Task Renew_selected_sends_a_request_with_the_same_roles_to_each_of_200_customers()
    {
        // More than a page of My customers holds and more than any batch would: Renew selected has no cap.
        const int Count = 200;
        var ids = await _site.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<PartnerCmsDbContext>();
            var made = new List<string>();
            for (var i = 0; i < Count; i++)
            {
                var id = "renew-" + i.ToString("D3", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];
                db.Organizations.Add(new Organization { Id = id, Name = "Renewal " + i, Kind = OrganizationKind.Customer, CreatedUtc = Now });
                made.Add(id);
            }

            await db.SaveChangesAsync();
            return made;
        });
        foreach (var id in ids)
        {
            await GrantAsync(id, [DelegatedRoles.UsersAdministrator, DelegatedRoles.ServiceSupport], Now.AddDays(20), autoExtend: false);
        }

        using var admin = await _site.SignInAsync(DemoUsers.ContosoAdmin);
        var (_, page) = await admin.GetPageAsync("/partner/customers?status=Expiring");
        HtmlPage.AssertHas(page, "[data-action='renew-selected']");
        var renewed = await admin.PostFormAsync("/partner/customers/renew", ids.Select(id => new KeyValuePair<string, string>("customerIds", id)), "/partner/customers");
        Assert.Equal(HttpStatusCode.Redirect, renewed.StatusCode);

        var parts = await _site.AsSystemAsync(async sp =>
        {
            var relationships = sp.GetRequiredService<DelegatedRelationshipService>();
            var found = new List<DelegatedRelationshipPart>();
            foreach (var id in ids)
            {
                found.Add((await relationships.GetAsync(Contoso, id))!);
            }

            return found;
        });
        Assert.All(parts, p =>
        {
            Assert.Equal(RelationshipStatus.Active, p.Status);
            Assert.NotNull(p.RenewalQuoteId);
            Assert.Equal([DelegatedRoles.UsersAdministrator, DelegatedRoles.ServiceSupport], p.AskedRoles);
        });
        Assert.Equal(Count, parts.Select(p => p.RenewalQuoteId).Distinct(StringComparer.Ordinal).Count());

        // A second Renew of the same customer while its request waits is refused, not doubled.
        var again = await admin.PostFormAsync("/partner/customers/renew", Fields(("customerIds", ids[0])), "/partner/customers");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(parts[0].RenewalQuoteId, (await PartAsync(ids[0]))!.RenewalQuoteId);
    }
}

public sealed class DelegationScheduleTestsOnSqlite() : DelegationScheduleTests(TestDatabase.Sqlite);

public sealed class DelegationScheduleTestsOnPostgres() : DelegationScheduleTests(TestDatabase.Postgres);
