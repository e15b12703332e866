using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Audit.Models;
using PartnerCms.Core.Data;
using PartnerCms.Customers.Models;
using PartnerCms.Tests.Infrastructure;
using static PartnerCms.Tests.Infrastructure.OfferSteps;

namespace PartnerCms.Tests.Integration;

/// <summary>
/// "Administer on behalf of" (R18–R22) from the outside: a session scoped to one customer's account portal; Full gets the
/// customer's tenant administration without its partner relationships, Limited no Manage, Purchase or Domain area;
/// leaving the portal, removing the relationship or ending the session ends it at the next request; every page viewed
/// and change made is audited.
/// </summary>
public abstract class OnBehalfTests(PartnerCmsSite site)
{
    private const string Contoso = "contoso-partners";

    private async Task<(string CustomerId, string Domain, string Name)> NewDelegatedCustomerAsync()
    {
        var (id, domain) = await NewContosoCustomerAsync(site, delegated: true);
        return (id, domain, "Test " + domain);
    }

    private static Task<HttpResponseMessage> AdministerAsync(PortalClient partnerUser, string customerId) =>
        partnerUser.PostFormAsync($"/partner/customers/{customerId}/administer", new Dictionary<string, string>(), "/partner");

    [Fact]
    [Trait("Rule", "R18")]
    [Trait("Rule", "R21")]
    [Trait("Rule", "R22")]
    public async Task Full_administration_runs_the_customers_portal_in_a_session_that_ends_on_leaving_it()
    {
        var (customerId, domain, name) = await NewDelegatedCustomerAsync();
        using var full = await site.SignInAsync(DemoUsers.ContosoFull);

        var started = await AdministerAsync(full, customerId);
        var portal = await full.GetAsync("/portal");
        var portalPage = WebUtility.HtmlDecode(await portal.Content.ReadAsStringAsync());
        var (usersStatus, users) = await full.GetPageAsync("/portal/users");
        var (domainsStatus, _) = await full.GetPageAsync("/portal/domains");
        var (partnersStatus, _) = await full.GetPageAsync("/portal/partners");
        var added = await full.PostFormAsync("/portal/users/new", new() { ["Input.UserName"] = "sam@" + domain, ["Input.DisplayName"] = "Sam" }, "/portal/users/new");
        var left = await full.GetAsync("/partner/lookup");
        var back = await full.GetAsync("/portal/users");
        await site.DeliverEventsAsync();

        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        Assert.Equal("/portal", started.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, portal.StatusCode);
        Assert.Contains("no-store", portal.Headers.CacheControl?.ToString());
        Assert.Contains($"Contoso Partners (you: ", portalPage);
        Assert.Contains($"administering <strong>{name}</strong>", portalPage);
        Assert.Contains($"data-testid=\"nav-customer\">{name}</p>", portalPage);
        Assert.Equal(HttpStatusCode.OK, usersStatus);
        Assert.Contains("admin@" + domain, users);
        Assert.Equal(HttpStatusCode.OK, domainsStatus);
        Assert.Equal(HttpStatusCode.Forbidden, partnersStatus);
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal(HttpStatusCode.OK, left.StatusCode);
        // The back button's request lands in the partner's own portal (R21).
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.StartsWith("/partner/lookup?ended=", back.Headers.Location?.OriginalString);

        var session = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<OnBehalfSession>().AsNoTracking().SingleAsync(s => s.CustomerOrganizationId == customerId));
        Assert.Equal("The user left the customer's portal.", session.EndReason);
        var actions = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<AuditEntry>().IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.ChainId == customerId && e.ActorUserName == DemoUsers.ContosoFull.UserName).OrderBy(e => e.Sequence).Select(e => e.Action + " " + e.Target + " " + e.Outcome).ToListAsync());
        Assert.Equal(
            ["on-behalf.started Full administration succeeded", "on-behalf.viewed GET /portal succeeded", "on-behalf.viewed GET /portal/users succeeded",
             "on-behalf.viewed GET /portal/domains succeeded", "on-behalf.viewed GET /portal/partners refused", "on-behalf.viewed GET /portal/users/new succeeded",
             "on-behalf.changed POST /portal/users/new succeeded", "on-behalf.ended The user left the customer's portal. succeeded"],
            actions);
    }

    [Fact]
    [Trait("Rule", "R19")]
    public async Task Limited_administration_has_no_Manage_Purchase_or_Domain_area_and_cannot_reset_an_administrators_password()
    {
        var (customerId, domain, _) = await NewDelegatedCustomerAsync();
        using var limited = await site.SignInAsync(DemoUsers.ContosoLimited);
        var adminId = await site.UserIdAsync("admin@" + domain);

        await AdministerAsync(limited, customerId);
        var (portalStatus, portal) = await limited.GetPageAsync("/portal");
        var (usersStatus, _) = await limited.GetPageAsync("/portal/users");
        var domains = await limited.GetAsync("/portal/domains");
        var manage = await limited.GetAsync("/portal/subscriptions/manage");
        var purchase = await limited.GetAsync("/portal/subscriptions/purchase");
        var addUser = await limited.GetAsync("/portal/users/new");
        var resetAdmin = await limited.PostFormAsync($"/portal/users/{adminId}/reset-password", new Dictionary<string, string>(), "/portal/users");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (portalStatus, usersStatus));
        Assert.Contains("Limited administration", portal);
        Assert.DoesNotContain("href=\"/portal/domains\"", portal);
        Assert.DoesNotContain("href=\"/portal/subscriptions/manage\"", portal);
        Assert.DoesNotContain("href=\"/portal/subscriptions/purchase\"", portal);
        Assert.Equal(HttpStatusCode.Forbidden, domains.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, manage.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, purchase.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, addUser.StatusCode);
        Assert.True(resetAdmin.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden or HttpStatusCode.Redirect, resetAdmin.StatusCode.ToString());
        Assert.True(await site.PasswordWorksAsync("admin@" + domain, "Visitor-Pass-2026"));
    }

    [Fact]
    [Trait("Rule", "R18")]
    public async Task Only_a_delegated_administrator_with_delegated_access_can_start_a_session_and_only_for_that_customer()
    {
        var (customerId, _, _) = await NewDelegatedCustomerAsync();
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        using var otherPartner = await site.SignInAsync(DemoUsers.WoodgroveFull);
        using var full = await site.SignInAsync(DemoUsers.ContosoFull);

        var bySales = await AdministerAsync(sales, customerId);
        var byOtherPartner = await AdministerAsync(otherPartner, customerId);
        var notDelegated = await AdministerAsync(full, "northwind");
        var hijack = full.Http;
        hijack.DefaultRequestHeaders.Add("Cookie", "pcms.onbehalf=" + new string('a', 48));
        var forged = await hijack.GetAsync("/portal/users");

        Assert.Equal(HttpStatusCode.Forbidden, bySales.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byOtherPartner.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notDelegated.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, forged.StatusCode);
        Assert.StartsWith("/partner/lookup?ended=", forged.Headers.Location?.OriginalString);
    }

    [Fact]
    [Trait("Rule", "R21")]
    [Trait("Area", "Hardening")]
    public async Task Another_user_presenting_the_owners_session_id_neither_uses_nor_ends_it()
    {
        var (customerId, _, _) = await NewDelegatedCustomerAsync();
        using var full = await site.SignInAsync(DemoUsers.ContosoFull);
        using var other = await site.SignInAsync(DemoUsers.ContosoSales);
        Assert.Equal(HttpStatusCode.Redirect, (await AdministerAsync(full, customerId)).StatusCode);
        var fullId = await site.UserIdAsync(DemoUsers.ContosoFull.UserName);
        var sessionId = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<OnBehalfSession>().IgnoreQueryFilters()
            .Where(s => s.UserId == fullId && s.EndedUtc == null).Select(s => s.Id).SingleAsync());

        other.Http.DefaultRequestHeaders.Add("Cookie", "pcms.onbehalf=" + sessionId);
        var elsewhere = await other.GetAsync("/partner/lookup");
        var inPortal = await other.GetAsync("/portal/users");
        var ownerStill = await full.GetAsync("/portal/users");
        var stillOpen = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<OnBehalfSession>().IgnoreQueryFilters()
            .Where(s => s.Id == sessionId).Select(s => s.EndedUtc == null).SingleAsync());

        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, inPortal.StatusCode);
        Assert.StartsWith("/partner/lookup?ended=", inPortal.Headers.Location?.OriginalString);
        Assert.True(stillOpen);
        Assert.Equal(HttpStatusCode.OK, ownerStill.StatusCode);
    }

    [Fact]
    [Trait("Rule", "R15")]
    [Trait("Rule", "R21")]
    public async Task Removing_the_relationship_ends_an_open_session_at_its_next_request_and_End_session_ends_it_too()
    {
        var (customerId, domain, _) = await NewDelegatedCustomerAsync();
        using var full = await site.SignInAsync(DemoUsers.ContosoFull);
        using var customerAdmin = await site.SignInAsync(("admin@" + domain, "Visitor-Pass-2026"));

        await AdministerAsync(full, customerId);
        var before = await full.GetAsync("/portal/users");
        await customerAdmin.PostFormAsync($"/portal/partners/{Contoso}/remove", new Dictionary<string, string>(), "/portal/partners");
        var after = await full.GetAsync("/portal/users");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("no+longer+has+your+organization", after.Headers.Location?.OriginalString.Replace("%20", "+"));

        // A new session with another customer, ended with the banner's button.
        var (otherId, _, _) = await NewDelegatedCustomerAsync();
        var started = await AdministerAsync(full, otherId);
        Assert.True(started.StatusCode == HttpStatusCode.Redirect && started.Headers.Location?.OriginalString.StartsWith("/portal", StringComparison.Ordinal) == true,
            $"The second session did not start: {(int)started.StatusCode} {started.Headers.Location}");
        var ended = await full.PostFormAsync("/portal/on-behalf/end", new Dictionary<string, string>(), "/portal");
        var afterEnd = await full.GetAsync("/portal/users");
        Assert.Equal("/partner/lookup", ended.Headers.Location?.OriginalString);
        Assert.NotEqual(HttpStatusCode.OK, afterEnd.StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class OnBehalfTestsOnSqlite(SqliteSite shared) : OnBehalfTests(shared.Site);

[Collection(PostgresCollection.Name)]
public sealed class OnBehalfTestsOnPostgres(PostgresSite shared) : OnBehalfTests(shared.Site);
