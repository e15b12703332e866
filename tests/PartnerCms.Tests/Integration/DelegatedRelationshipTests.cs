using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Data;
using PartnerCms.Delegation.Models;
using PartnerCms.Delegation.Services;
using PartnerCms.Tests.Infrastructure;
using static PartnerCms.Tests.Infrastructure.OfferSteps;

namespace PartnerCms.Tests.Integration;

/// <summary>
/// Delegated administration accepted with an offer is a real relationship (R13, R15): the customer sees it on its Partner
/// relationships page, the partner's delegated administrators can act for the customer; the customer's global
/// administrator removes it and the partner's access ends at the next request; an end date ends it too.
/// </summary>
public abstract class DelegatedRelationshipTests(PartnerCmsSite site)
{
    private const string Contoso = "contoso-partners";
    private const string Password = "Visitor-Pass-2026";

    private Task<string> CustomerIdAsync(string domain) => site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().OrganizationDomains
        .Where(d => d.NormalizedName == domain).Select(d => d.OrganizationId).SingleAsync());

    private Task<List<DelegatedRelationshipIndex>> RelationshipsAsync(string customerId) => site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>()
        .Set<DelegatedRelationshipIndex>().IgnoreQueryFilters().AsNoTracking().Where(i => i.CustomerOrganizationId == customerId).ToListAsync());

    private Task<(string CustomerId, string Domain)> NewCustomerAsync(bool delegated) => NewContosoCustomerAsync(site, delegated);

    [Fact]
    [Trait("Rule", "R13")]
    [Trait("Rule", "R15")]
    public async Task Accepting_delegated_administration_with_an_offer_makes_the_partner_a_delegated_administrator_both_sides_see()
    {
        var (withId, withDomain) = await NewCustomerAsync(delegated: true);
        var (withoutId, withoutDomain) = await NewCustomerAsync(delegated: false);
        using var withAdmin = await site.SignInAsync(("admin@" + withDomain, Password));
        using var withoutAdmin = await site.SignInAsync(("admin@" + withoutDomain, Password));
        using var full = await site.SignInAsync(DemoUsers.ContosoFull);
        using var otherPartner = await site.SignInAsync(DemoUsers.WoodgroveFull);

        var (_, withPage) = await withAdmin.GetPageAsync("/portal/partners");
        var (_, withoutPage) = await withoutAdmin.GetPageAsync("/portal/partners");
        var forWith = await full.GetAsync($"/partner/customers/{withId}/administrators");
        var forWithout = await full.GetAsync($"/partner/customers/{withoutId}/administrators");
        var byOtherPartner = await otherPartner.GetAsync($"/partner/customers/{withId}/administrators");
        var (_, lookup) = await full.GetPageAsync("/partner/lookup?q=" + withDomain);

        var relationship = Assert.Single(await RelationshipsAsync(withId));
        Assert.Equal((Contoso, RelationshipStatus.Active, true), (relationship.PartnerOrganizationId, relationship.Status, relationship.Active));
        Assert.Empty(await RelationshipsAsync(withoutId));
        Assert.Contains("Contoso Partners", PartnersTable(withPage));
        HtmlPage.AssertHas(withoutPage, "[data-testid='no-partners']");
        Assert.Equal(HttpStatusCode.OK, forWith.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, forWithout.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byOtherPartner.StatusCode);
        HtmlPage.AssertHas(lookup, "[data-action='reset-password']");
    }

    private static string PartnersTable(string page)
    {
        var start = page.IndexOf("data-testid=\"partners\"", StringComparison.Ordinal);
        return start < 0 ? string.Empty : page[start..page.IndexOf("</table>", start, StringComparison.Ordinal)];
    }

    [Fact]
    [Trait("Rule", "R15")]
    public async Task The_customers_global_administrator_removes_a_partner_and_its_access_ends_at_the_next_request()
    {
        var (customerId, domain) = await NewCustomerAsync(delegated: true);
        using var admin = await site.SignInAsync(("admin@" + domain, Password));
        using var full = await site.SignInAsync(DemoUsers.ContosoFull);
        var before = await full.GetAsync($"/partner/customers/{customerId}/administrators");

        var (confirmStatus, confirm) = await admin.GetPageAsync($"/portal/partners/{Contoso}/remove");
        var removed = await admin.PostFormAsync($"/portal/partners/{Contoso}/remove", new Dictionary<string, string>(), $"/portal/partners/{Contoso}/remove");
        var after = await full.GetAsync($"/partner/customers/{customerId}/administrators");
        var resetAfter = await full.PostFormAsync($"/partner/customers/{customerId}/reset-password", new Dictionary<string, string> { ["UserId"] = "x" }, "/partner");
        var (_, page) = await admin.GetPageAsync("/portal/partners");
        var again = await admin.PostFormAsync($"/portal/partners/{Contoso}/remove", new Dictionary<string, string>(), "/portal/partners");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, confirmStatus);
        Assert.Contains("Remove Contoso Partners?", WebUtility.HtmlDecode(confirm));
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, resetAfter.StatusCode);
        HtmlPage.AssertHas(page, "[data-testid='no-partners']");
        Assert.Contains("Removed by admin@" + domain, page);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        var relationship = Assert.Single(await RelationshipsAsync(customerId));
        Assert.Equal((RelationshipStatus.Removed, false), (relationship.Status, relationship.Active));
    }

    [Fact]
    [Trait("Rule", "R15")]
    public async Task Only_the_customers_global_administrator_can_remove_a_partner()
    {
        // Tailspin's password administrator: an administrator, but not the global one.
        using var user = await site.SignInAsync(DemoUsers.TailspinHelpdesk);
        using var otherCustomer = await site.SignInAsync(DemoUsers.NorthwindAdmin);
        using var partnerAdmin = await site.SignInAsync(DemoUsers.ContosoAdmin);

        var userPage = await user.GetAsync($"/portal/partners/{Contoso}/remove");
        var userPost = await user.PostFormAsync($"/portal/partners/{Contoso}/remove", new Dictionary<string, string>(), "/portal");
        var otherPost = await otherCustomer.PostFormAsync($"/portal/partners/{Contoso}/remove", new Dictionary<string, string>(), "/portal/partners");
        var partnerPost = await partnerAdmin.PostFormAsync($"/portal/partners/{Contoso}/remove", new Dictionary<string, string>(), "/partner");

        Assert.Equal(HttpStatusCode.Forbidden, userPage.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, userPost.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherPost.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, partnerPost.StatusCode);
        Assert.True(await site.AsSystemAsync(sp => sp.GetRequiredService<DelegatedRelationshipService>().IsDelegatedAdministratorAsync(Contoso, "tailspin")));
    }

    [Fact]
    [Trait("Rule", "R15")]
    public async Task Concurrent_acceptances_with_delegated_administration_make_one_active_relationship()
    {
        var (customerId, domain) = await NewCustomerAsync(delegated: false);
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var office = await OfficeAsync(site, Contoso, "RED-001");
        var paths = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            paths.Add(await LinkPathAsync(sales, await CreateOfferAsync(sales, "purchase", "US", office, [("INTUNE-P1", 1 + i)], delegated: true)));
        }

        var results = await Task.WhenAll(paths.Select(async path =>
        {
            using var visitor = site.Anonymous();
            var quoteId = path.Split('/', '?')[2];
            var fields = AcceptFields(path, "existing", new() { ["INTUNE-P1"] = 2 }, delegated: true);
            fields.AddRange(Fields(("SignInUserName", "admin@" + domain), ("SignInPassword", Password)));
            return (await visitor.PostFormAsync($"/offers/{quoteId}/accept", fields, AcceptPath(path))).StatusCode;
        }));

        Assert.All(results, status => Assert.True(status is HttpStatusCode.OK or HttpStatusCode.BadRequest, status.ToString()));
        Assert.Contains(HttpStatusCode.OK, results);
        var relationship = Assert.Single(await RelationshipsAsync(customerId));
        Assert.True(relationship.Active);
    }

    [Fact]
    [Trait("Rule", "R15")]
    public async Task The_demo_shows_an_expired_relationship_as_past_and_it_grants_nothing()
    {
        using var litware = await site.SignInAsync(DemoUsers.LitwareAdmin);
        using var full = await site.SignInAsync(DemoUsers.ContosoFull);

        var (_, page) = await litware.GetPageAsync("/portal/partners");
        var refused = await full.GetAsync("/partner/customers/litware/administrators");

        HtmlPage.AssertHas(page, "[data-testid='no-partners']");
        HtmlPage.AssertHas(page, "[data-testid='past-partners']");
        Assert.Contains("Reached its end date", page);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }

    [Fact]
    [Trait("Rule", "R14")]
    [Trait("Rule", "R15")]
    public async Task The_demo_shows_an_offered_relationship_with_a_working_link_and_it_grants_nothing_until_accepted()
    {
        using var northwind = await site.SignInAsync(DemoUsers.NorthwindAdmin);
        using var full = await site.SignInAsync(DemoUsers.ContosoFull);

        var (_, page) = await northwind.GetPageAsync("/portal/partners");
        var link = HtmlPage.Parse(page).QuerySelector("a[data-action='review-offer']")?.GetAttribute("href") ?? string.Empty;
        using var visitor = site.Anonymous();
        var (landingStatus, landing) = await visitor.GetPageAsync(link);
        var refused = await full.GetAsync("/partner/customers/northwind/administrators");

        HtmlPage.AssertHas(page, "[data-testid='offered']");
        Assert.Contains("Contoso Partners", page);
        Assert.StartsWith("/offers/Q-DEM-DA7", link);
        Assert.Equal(HttpStatusCode.OK, landingStatus);
        Assert.Contains("offers to be your delegated administrator", WebUtility.HtmlDecode(landing));
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }

    [Fact]
    [Trait("Rule", "R15")]
    public async Task A_relationship_past_its_end_date_grants_nothing_and_the_expiry_job_records_it()
    {
        var (customerId, domain) = await NewCustomerAsync(delegated: false);
        await site.AsSystemAsync(async sp =>
        {
            await sp.GetRequiredService<DelegatedRelationshipService>().GrantAsync(Contoso, customerId, "test", "test", DateTime.UtcNow.AddMinutes(-1));
            return 0;
        });
        using var full = await site.SignInAsync(DemoUsers.ContosoFull);
        var refused = await full.GetAsync($"/partner/customers/{customerId}/administrators");
        var expired = await site.AsSystemAsync(sp => sp.GetRequiredService<DelegatedRelationshipService>().ExpireDueAsync());
        using var admin = await site.SignInAsync(("admin@" + domain, Password));
        var (_, page) = await admin.GetPageAsync("/portal/partners");

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.True(expired >= 1);
        Assert.Equal(RelationshipStatus.Expired, Assert.Single(await RelationshipsAsync(customerId)).Status);
        Assert.Contains("Reached its end date", page);
        HtmlPage.AssertHas(page, "[data-testid='no-partners']");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DelegatedRelationshipTestsOnSqlite(SqliteSite shared) : DelegatedRelationshipTests(shared.Site);

[Collection(PostgresCollection.Name)]
public sealed class DelegatedRelationshipTestsOnPostgres(PostgresSite shared) : DelegatedRelationshipTests(shared.Site);
