using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Data;
using PartnerCms.Core.Security;
using PartnerCms.Delegation.Models;
using PartnerCms.Tests.Infrastructure;
using static PartnerCms.Tests.Infrastructure.OfferSteps;

namespace PartnerCms.Tests.Integration;

/// <summary>
/// Least-privilege delegated administration from the outside: the partner asks for roles, the customer's global
/// administrator approves some or all of them, the partner's global administrator assigns approved roles to teams, and a
/// team member may do in that customer exactly what the roles allow — through the pages and directly by URL (403
/// otherwise), with changes holding at the next request of an open session.
/// </summary>
[Trait("Area", "Delegation")]
public abstract class DelegatedRolesTests(PartnerCmsSite site)
{
    private const string Contoso = "contoso-partners";
    private const string VisitorPassword = "Visitor-Pass-2026";
    private const string StaffPassword = "Staff-Pass-2026-x";

    /// <summary>What each role opens, by route: the catalogue's promise, checked against the portal.</summary>
    private static readonly (string Route, string[] AllowedBy)[] PortalRoutes =
    [
        ("/portal", [DelegatedRoles.GlobalAdministrator, DelegatedRoles.UsersAdministrator, DelegatedRoles.PasswordAdministrator, DelegatedRoles.DomainAdministrator, DelegatedRoles.SubscriptionAdministrator, DelegatedRoles.ReportsReader]),
        ("/portal/users", [DelegatedRoles.GlobalAdministrator, DelegatedRoles.UsersAdministrator, DelegatedRoles.PasswordAdministrator]),
        ("/portal/users/new", [DelegatedRoles.GlobalAdministrator, DelegatedRoles.UsersAdministrator]),
        ("/portal/domains", [DelegatedRoles.GlobalAdministrator, DelegatedRoles.DomainAdministrator]),
        ("/portal/subscriptions/manage", [DelegatedRoles.GlobalAdministrator, DelegatedRoles.SubscriptionAdministrator]),
        ("/portal/subscriptions/purchase", [DelegatedRoles.GlobalAdministrator, DelegatedRoles.SubscriptionAdministrator]),
        ("/portal/audit", [DelegatedRoles.ReportsReader]),
        // The customer's partner relationships are never a delegated administrator's (R17).
        ("/portal/partners", []),
    ];

    private static readonly Dictionary<string, string> NavigationLinks = new(StringComparer.Ordinal)
    {
        ["/portal/users"] = "Users",
        ["/portal/domains"] = "Domains",
        ["/portal/subscriptions/manage"] = "Manage subscriptions",
        ["/portal/subscriptions/purchase"] = "Purchase",
        ["/portal/audit"] = "Audit trail",
    };

    /// <summary>A customer with no relationship yet (the shared step): its global administrator is admin@domain.</summary>
    private Task<(string Id, string Domain)> NewCustomerAsync() => NewContosoCustomerAsync(site, delegated: false);

    /// <summary>A new partner user (Support role, no delegated access of their own) and a team holding them.</summary>
    private async Task<((string UserName, string Password) User, string TeamId)> NewTeamMemberAsync()
    {
        // The demo's workflow gives Partner:Support users Limited delegated access when a customer accepts: let it finish
        // first, or it may change this member's access while its on-behalf session is open (R21 then ends the session,
        // as it should, and the test would see that instead of what it checks).
        await site.DeliverEventsAsync();
        var userName = $"u{Guid.NewGuid():N}"[..12] + "@contosopartners.example";
        await site.AsSystemAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PartnerCmsUser>>();
            var user = new PartnerCmsUser { UserName = userName, Email = userName, DisplayName = "Team member", OrganizationId = Contoso, EmailConfirmed = true };
            Assert.True((await users.CreateAsync(user, StaffPassword)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, OrganizationRoles.PartnerSupport)).Succeeded);
            return true;
        });
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var teamName = "Team " + Guid.NewGuid().ToString("N")[..8];
        var created = await admin.PostFormAsync("/partner/teams", Fields(("Name", teamName), ("Members", userName)), "/partner/teams");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var teamId = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<PartnerTeam>().IgnoreQueryFilters().Where(t => t.Name == teamName).Select(t => t.Id).SingleAsync());
        return ((userName, StaffPassword), teamId);
    }

    private async Task<HttpResponseMessage> AssignAsync(string customerId, string teamId, params string[] roles)
    {
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var fields = roles.Select(r => new KeyValuePair<string, string>($"roles[{teamId}]", r)).ToList();
        return await admin.PostFormAsync($"/partner/customers/{customerId}/teams", fields, $"/partner/customers/{customerId}/teams");
    }

    private static Task<HttpResponseMessage> AdministerAsync(PortalClient partnerUser, string customerId) =>
        partnerUser.PostFormAsync($"/partner/customers/{customerId}/administer", new Dictionary<string, string>(), "/partner");

    private Task<DelegatedRelationshipIndex> RelationshipAsync(string customerId) => site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>()
        .Set<DelegatedRelationshipIndex>().IgnoreQueryFilters().AsNoTracking().SingleAsync(i => i.PartnerOrganizationId == Contoso && i.CustomerOrganizationId == customerId));

    public static TheoryData<string> EveryRole() => [.. DelegatedRoles.All.Select(r => r.Name)];

    [Theory]
    [MemberData(nameof(EveryRole))]
    [Trait("Rule", "R5")]
    [Trait("Rule", "R6")]
    [Trait("Rule", "R17")]
    [Trait("Rule", "R19")]
    [Trait("Rule", "R23")]
    public async Task Each_role_allows_what_it_says_and_nothing_else_through_the_pages_and_by_URL(string role)
    {
        var (customerId, domain) = await CustomerApprovingAsync(site, [role], [role]);
        var (member, teamId) = await NewTeamMemberAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await AssignAsync(customerId, teamId, role)).StatusCode);
        using var user = await site.SignInAsync(member);
        var inPortal = DelegatedRoles.Find(role)!.InCustomerPortal;

        // R5: the lookup offers Administer on behalf of only with a role used in the customer's portal; the other actions
        // only with the role behind them.
        var (_, lookup) = await user.GetPageAsync("/partner/lookup?q=" + domain);
        Assert.Equal(inPortal, HtmlPage.Has(lookup, "[data-action='administer-on-behalf']"));
        Assert.Equal(role is DelegatedRoles.GlobalAdministrator or DelegatedRoles.UsersAdministrator, HtmlPage.Has(lookup, "[data-action='reset-password']"));
        Assert.Equal(role == DelegatedRoles.ServiceSupport, HtmlPage.Has(lookup, "[data-action='service-request']"));

        // R6, R23 in the partner portal, by URL.
        var (resetStatus, _) = await user.GetPageAsync($"/partner/customers/{customerId}/reset-password");
        var (requestStatus, _) = await user.GetPageAsync($"/partner/customers/{customerId}/service-requests/new");
        Assert.Equal(role is DelegatedRoles.GlobalAdministrator or DelegatedRoles.UsersAdministrator ? HttpStatusCode.OK : HttpStatusCode.Forbidden, resetStatus);
        Assert.Equal(role == DelegatedRoles.ServiceSupport ? HttpStatusCode.OK : HttpStatusCode.Forbidden, requestStatus);

        var started = await AdministerAsync(user, customerId);
        if (!inPortal)
        {
            Assert.Equal(HttpStatusCode.Forbidden, started.StatusCode);
            Assert.NotEqual(HttpStatusCode.OK, (await user.GetAsync("/portal/users")).StatusCode);
            return;
        }

        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var (_, overview) = await user.GetPageAsync("/portal");
        foreach (var (route, allowedBy) in PortalRoutes)
        {
            var (status, _) = await user.GetPageAsync(route);
            var allowed = allowedBy.Contains(role);
            Assert.True((allowed ? HttpStatusCode.OK : HttpStatusCode.Forbidden) == status, $"{role}: {route} answered {(int)status}");
            if (NavigationLinks.TryGetValue(route, out var text))
            {
                // The navigation shows only the areas the role allows (R19's "not shown").
                Assert.True(allowed == HtmlPage.Has(overview, $"nav[aria-label='Main'] a[href='{route}']"), $"{role}: the navigation {(allowed ? "lacks" : "shows")} {text}");
            }
        }

        // The session names the role that allowed it.
        var started2 = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<PartnerCms.Audit.Models.AuditEntry>().IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.CustomerOrganizationId == customerId && e.Action == "on-behalf.started").Select(e => e.Target).SingleAsync());
        Assert.Contains(DelegatedRoles.Find(role)!.DisplayName, started2, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "R15")]
    [Trait("Rule", "R16")]
    public async Task The_customer_approves_two_of_three_roles_and_the_relationship_records_what_was_asked_and_approved()
    {
        var (customerId, domain) = await NewCustomerAsync();
        string[] asked = [DelegatedRoles.UsersAdministrator, DelegatedRoles.DomainAdministrator, DelegatedRoles.ServiceSupport];
        var path = await AskForRolesAsync(site, customerId, asked);
        using var visitor = site.Anonymous();

        // The accept page shows each asked role in plain words, ticked; nothing else.
        var (_, acceptPage) = await visitor.GetPageAsync(AcceptPath(path));
        Assert.Equal(asked, HtmlPage.Attributes(acceptPage, "input[name='ApprovedRoles']", "value"));
        Assert.Contains(DelegatedRoles.Find(DelegatedRoles.DomainAdministrator)!.Description, System.Net.WebUtility.HtmlDecode(acceptPage), StringComparison.Ordinal);

        // Approving none, or a role that was not asked for, is refused with a message and changes nothing.
        var none = await ApproveRolesAsync(visitor, path, domain, []);
        var notAsked = await ApproveRolesAsync(visitor, path, domain, [DelegatedRoles.GlobalAdministrator]);
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Contains("Approve at least one of the roles the partner asks for", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, notAsked.StatusCode);
        Assert.Equal(RelationshipStatus.Offered, (await RelationshipAsync(customerId)).Status);

        var decided = await ApproveRolesAsync(visitor, path, domain, [DelegatedRoles.UsersAdministrator, DelegatedRoles.ServiceSupport]);
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        var index = await RelationshipAsync(customerId);
        Assert.True(index.Active);
        Assert.Equal("UsersAdministrator,ServiceSupport", index.ApprovedRoles);
        var part = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCms.Delegation.Services.DelegatedRelationshipService>().GetAsync(Contoso, customerId));
        Assert.Equal(asked, part!.AskedRoles);
        Assert.Equal(DateTime.UtcNow.AddDays(365).Date, part.EndsUtc!.Value.Date);

        // The customer sees the approved roles in plain words; Full administration (the built-in team) holds only those.
        using var customerAdmin = await site.SignInAsync(("admin@" + domain, VisitorPassword));
        var (_, relationships) = await customerAdmin.GetPageAsync("/portal/partners");
        Assert.Equal([DelegatedRoles.UsersAdministrator, DelegatedRoles.ServiceSupport], HtmlPage.Attributes(relationships, $"[data-testid='partners'] tr[data-partner='{Contoso}'] li[data-role]", "data-role"));
        using var full = await site.SignInAsync(DemoUsers.ContosoFull);
        Assert.Equal(HttpStatusCode.Redirect, (await AdministerAsync(full, customerId)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await full.GetPageAsync("/portal/users")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await full.GetPageAsync("/portal/domains")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await full.GetPageAsync("/portal/subscriptions/manage")).Status);

        // Limited administration (Password administrator, Service support) holds only Service support here: no portal.
        using var limited = await site.SignInAsync(DemoUsers.ContosoLimited);
        Assert.Equal(HttpStatusCode.Forbidden, (await AdministerAsync(limited, customerId)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await limited.GetPageAsync($"/partner/customers/{customerId}/service-requests/new")).Status);
    }

    [Fact]
    [Trait("Rule", "R15")]
    [Trait("Rule", "R21")]
    public async Task Team_changes_and_the_customer_removing_one_role_take_effect_at_the_next_request_of_an_open_session()
    {
        var (customerId, domain) = await CustomerApprovingAsync(site,
            [DelegatedRoles.UsersAdministrator, DelegatedRoles.DomainAdministrator, DelegatedRoles.SubscriptionAdministrator],
            [DelegatedRoles.UsersAdministrator, DelegatedRoles.DomainAdministrator, DelegatedRoles.SubscriptionAdministrator]);
        var (member, teamId) = await NewTeamMemberAsync();

        // Assigning a role the customer did not approve is refused; the approved ones hold.
        Assert.Equal(HttpStatusCode.BadRequest, (await AssignAsync(customerId, teamId, DelegatedRoles.GlobalAdministrator)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await AssignAsync(customerId, teamId, DelegatedRoles.UsersAdministrator, DelegatedRoles.DomainAdministrator)).StatusCode);
        using var user = await site.SignInAsync(member);
        // Where each answer sends the user is part of the message: a refusal names its reason in the redirect.
        var started = await AdministerAsync(user, customerId);
        Assert.True(started.StatusCode == HttpStatusCode.Redirect && started.Headers.Location?.OriginalString == "/portal",
            $"Administer answered {(int)started.StatusCode} → {started.Headers.Location}");
        var domains = await user.GetAsync("/portal/domains");
        Assert.True(domains.StatusCode == HttpStatusCode.OK, $"GET /portal/domains answered {(int)domains.StatusCode} → {domains.Headers.Location}");
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetPageAsync("/portal/subscriptions/manage")).Status);

        // The partner's administrator gives the team Subscription administrator: the open session has it at once.
        Assert.Equal(HttpStatusCode.Redirect, (await AssignAsync(customerId, teamId, DelegatedRoles.UsersAdministrator, DelegatedRoles.DomainAdministrator, DelegatedRoles.SubscriptionAdministrator)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.GetPageAsync("/portal/subscriptions/manage")).Status);

        // The customer removes Domain administrator: exactly that right ends, the session goes on.
        using var customerAdmin = await site.SignInAsync(("admin@" + domain, VisitorPassword));
        var removed = await customerAdmin.PostFormAsync($"/portal/partners/{Contoso}/roles/{DelegatedRoles.DomainAdministrator}/remove", new Dictionary<string, string>(), "/portal/partners");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetPageAsync("/portal/domains")).Status);
        Assert.Equal(HttpStatusCode.OK, (await user.GetPageAsync("/portal/users")).Status);
        Assert.Equal(HttpStatusCode.OK, (await user.GetPageAsync("/portal/subscriptions/manage")).Status);
        Assert.Equal("UsersAdministrator,SubscriptionAdministrator", (await RelationshipAsync(customerId)).ApprovedRoles);

        // A customer whose relationship with Contoso is only offered has no role to remove; sales cannot assign teams.
        using var northwindAdmin = await site.SignInAsync(DemoUsers.NorthwindAdmin);
        Assert.Equal(HttpStatusCode.NotFound, (await northwindAdmin.PostFormAsync($"/portal/partners/{Contoso}/roles/{DelegatedRoles.UsersAdministrator}/remove", new Dictionary<string, string>(), "/portal/partners")).StatusCode);
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        Assert.Equal(HttpStatusCode.Forbidden, (await sales.GetAsync($"/partner/customers/{customerId}/teams")).StatusCode);

        // The team loses its last roles used in the portal: the open session ends at its next request.
        Assert.Equal(HttpStatusCode.Redirect, (await AssignAsync(customerId, teamId)).StatusCode);
        var after = await user.GetAsync("/portal/users");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/partner/lookup?ended=", after.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "R16")]
    public async Task My_customers_shows_what_an_unanswered_request_asks_for()
    {
        // A request the customer has not answered: My customers (page and CSV) names the roles it asks for.
        var (customerId, domain) = await NewContosoCustomerAsync(site, delegated: false);
        await AskForRolesAsync(site, customerId, [DelegatedRoles.PasswordAdministrator, DelegatedRoles.DomainAdministrator]);
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var (_, page) = await admin.GetPageAsync("/partner/customers?q=" + domain);
        var row = $"[data-testid='customers'] tr[data-customer='{customerId}']";
        Assert.Equal("Offered", HtmlPage.Text(page, row + " [data-field='status']"));
        Assert.Equal("Asked: " + DelegatedRoles.Describe([DelegatedRoles.PasswordAdministrator, DelegatedRoles.DomainAdministrator]), HtmlPage.Text(page, row + " [data-field='roles']"));
        Assert.Equal("—", HtmlPage.Text(page, row + " [data-field='teams']"));
        var csv = await (await admin.GetAsync("/partner/customers.csv?q=" + domain)).Content.ReadAsStringAsync();
        Assert.Contains("Asked: Password administrator", csv, StringComparison.Ordinal);

    }

    [Fact]
    [Trait("Rule", "R16")]
    public async Task My_customers_lists_the_partners_customers_with_prefix_search_filters_tags_and_CSV_and_only_to_the_partner()
    {
        var (customerId, domain) = await CustomerApprovingAsync(site, [DelegatedRoles.UsersAdministrator, DelegatedRoles.ServiceSupport], [DelegatedRoles.UsersAdministrator]);
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/partner/customers/{customerId}/tags", Fields(("tags", "gold, =cmd")), "/partner/customers")).StatusCode);

        var (status, page) = await admin.GetPageAsync("/partner/customers?q=" + domain[..6].ToUpperInvariant());
        Assert.Equal(HttpStatusCode.OK, status);
        var row = $"[data-testid='customers'] tr[data-customer='{customerId}']";
        HtmlPage.AssertHas(page, row);
        Assert.Equal("Users administrator", HtmlPage.Text(page, row + " [data-field='roles']"));
        Assert.Equal("=cmd, gold", HtmlPage.Text(page, row + " [data-field='tags']"));
        Assert.Equal("Active", HtmlPage.Text(page, row + " [data-field='status']"));

        // Filters: by tag and role the row stays; by another status or role it goes.
        Assert.True(HtmlPage.Has((await admin.GetPageAsync("/partner/customers?tag=gold&role=UsersAdministrator")).Body, row));
        Assert.False(HtmlPage.Has((await admin.GetPageAsync("/partner/customers?status=Expiring")).Body, row));
        Assert.False(HtmlPage.Has((await admin.GetPageAsync("/partner/customers?role=ServiceSupport&q=" + domain)).Body, row));
        Assert.False(HtmlPage.Has((await admin.GetPageAsync("/partner/customers?q=zz" + domain)).Body, row));

        // CSV: one row per customer; a tag that looks like a formula is escaped.
        var csv = await admin.GetAsync("/partner/customers.csv?q=" + domain);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Test " + domain, text, StringComparison.Ordinal);
        Assert.Contains("'=cmd", text, StringComparison.Ordinal);

        // Bad input: an overlong tag is a 400 with a message, hostile filters are ignored, not errors.
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostFormAsync($"/partner/customers/{customerId}/tags", Fields(("tags", new string('x', 41))), "/partner/customers")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetPageAsync("/partner/customers?status=Nope&page=-4&sort=x&autoExtend=maybe&role=%27&q=%25%25")).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetPageAsync("/partner/customers?status=99&page=99999999999999")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetPageAsync("/partner/customers?q=%00")).Status);

        // Another partner sees none of it; a customer is refused the page.
        using var woodgrove = await site.SignInAsync(DemoUsers.WoodgroveAdmin);
        var (_, theirs) = await woodgrove.GetPageAsync("/partner/customers?q=" + domain);
        Assert.False(HtmlPage.Has(theirs, row));
        Assert.Equal(HttpStatusCode.NotFound, (await woodgrove.PostFormAsync($"/partner/customers/{customerId}/tags", Fields(("tags", "mine")), "/partner/customers")).StatusCode);
        using var customer = await site.SignInAsync(DemoUsers.FabrikamAdmin);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/partner/customers")).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DelegatedRolesTestsOnSqlite(SqliteSite shared) : DelegatedRolesTests(shared.Site);

[Collection(PostgresCollection.Name)]
public sealed class DelegatedRolesTestsOnPostgres(PostgresSite shared) : DelegatedRolesTests(shared.Site);
