using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Data;
using PartnerCms.Delegation.Models;
using PartnerCms.Tests.Infrastructure;
using static PartnerCms.Tests.Infrastructure.OfferSteps;

namespace PartnerCms.Tests.Integration;

/// <summary>
/// Stand-alone delegated-administration offers (R14) and their acceptance (R15): own link, Quote ID, message and
/// dashboard row; the landing page says what the partner will be able to do; only a customer's global administrator can
/// accept or decline; concurrent accepts make one relationship; an end date chosen by the partner is kept.
/// </summary>
public abstract class DelegationOfferTests(PartnerCmsSite site)
{
    private const string Contoso = "contoso-partners";
    private const string Password = "Visitor-Pass-2026";

    private async Task<string> CreateAsync(PortalClient client, DateTime? endsOn = null, string? customerId = null)
    {
        var fields = new Dictionary<string, string> { ["OfficeId"] = await OfficeAsync(site, Contoso, "RED-001") };
        if (customerId is not null)
        {
            fields["CustomerId"] = customerId;
        }

        if (endsOn is { } ends)
        {
            fields["RelationshipEndsOn"] = ends.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        var response = await client.PostFormAsync("/partner/offers/new/delegated-admin", fields, "/partner/offers/new/delegated-admin");
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Not created: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response.Headers.Location!.OriginalString.Split('/').Last();
    }

    /// <summary>A customer with no relationship yet: signed up through a purchase offer without delegated administration.</summary>
    private async Task<(string Id, string Domain)> NewCustomerAsync()
    {
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var quoteId = await CreateOfferAsync(sales, "purchase", "US", await OfficeAsync(site, Contoso, "RED-001"), [("INTUNE-P1", 1)]);
        using var visitor = site.Anonymous();
        var accepted = await SignUpAsync(visitor, await LinkPathAsync(sales, quoteId), NewDomain(), new() { ["INTUNE-P1"] = 1 });
        var id = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().OrganizationDomains.Where(d => d.NormalizedName == accepted.Domain).Select(d => d.OrganizationId).SingleAsync());
        return (id, accepted.Domain);
    }

    private Task<List<DelegatedRelationshipIndex>> RelationshipsAsync(string customerId) => site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>()
        .Set<DelegatedRelationshipIndex>().IgnoreQueryFilters().AsNoTracking().Where(i => i.CustomerOrganizationId == customerId).ToListAsync());

    private static Task<HttpResponseMessage> DecideAsync(PortalClient visitor, string path, string userName, string password, string decision, string @as = "existing")
    {
        var query = Query(path);
        var quoteId = path.Split('/', '?')[2];
        return visitor.PostFormAsync($"/offers/{quoteId}/accept", Fields(("Advisor", query["advisor"]), ("Sig", query["sig"]), ("As", @as), ("Decision", decision),
            ("SignInUserName", userName), ("SignInPassword", password)), AcceptPath(path));
    }

    [Fact]
    [Trait("Rule", "R14")]
    public async Task A_partner_sends_a_stand_alone_delegated_administration_offer_with_its_own_link_message_and_dashboard_row()
    {
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var quoteId = await CreateAsync(sales);
        var (_, offerPage) = await sales.GetPageAsync($"/partner/offers/{quoteId}");
        var path = await LinkPathAsync(sales, quoteId);
        using var visitor = site.Anonymous();
        var (landingStatus, landing) = await visitor.GetPageAsync(path);
        var (_, accept) = await visitor.GetPageAsync(AcceptPath(path));
        var (_, dashboard) = await sales.GetPageAsync($"/partner/commerce?QuoteId={quoteId}");
        var (_, lookup) = await sales.GetPageAsync("/partner/lookup?q=northwind.example");
        var (_, overview) = await sales.GetPageAsync("/partner");
        var (_, badEnd) = await sales.PostFormAsync("/partner/offers/new/delegated-admin", new Dictionary<string, string> { ["OfficeId"] = await OfficeAsync(site, Contoso, "RED-001"), ["RelationshipEndsOn"] = "2020-01-01" }, "/partner/offers/new/delegated-admin") is var r ? (r.StatusCode, await r.Content.ReadAsStringAsync()) : default;

        Assert.Contains("Delegated-administration offer", offerPage);
        Assert.Contains("offers to administer your subscription", WebUtility.HtmlDecode(offerPage));
        Assert.Equal(HttpStatusCode.OK, landingStatus);
        Assert.Contains("offers to be your delegated administrator", WebUtility.HtmlDecode(landing));
        Assert.Contains("What Contoso Partners will be able to do", WebUtility.HtmlDecode(landing));
        HtmlPage.AssertHas(accept, "[data-testid='partner-details']");
        Assert.Contains("4412345", accept);
        Assert.DoesNotContain("sign-up-and-accept", accept);
        Assert.Contains("Delegated administration</div>", dashboard);
        HtmlPage.AssertHas(lookup, "[data-action='delegated-admin-offer']");
        Assert.Contains("Offer delegated administration", overview);
        Assert.Contains("Choose an end of the relationship after today", WebUtility.HtmlDecode(badEnd));
    }

    [Fact]
    [Trait("Rule", "R15")]
    public async Task Only_the_customers_global_administrator_accepts_and_the_partner_becomes_its_delegated_administrator_until_the_chosen_end()
    {
        var (customerId, domain) = await NewCustomerAsync();
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var endsOn = DateTime.UtcNow.Date.AddDays(40);
        var path = await LinkPathAsync(sales, await CreateAsync(sales, endsOn));
        using var helpdesk = site.Anonymous();
        using var admin = site.Anonymous();

        var byHelpdesk = await DecideAsync(helpdesk, path, DemoUsers.TailspinHelpdesk.UserName, DemoUsers.TailspinHelpdesk.Password, "accept");
        var signUp = await DecideAsync(helpdesk, path, string.Empty, string.Empty, "accept", "new");
        var accepted = await DecideAsync(admin, path, "admin@" + domain, Password, "accept");
        using var full = await site.SignInAsync(DemoUsers.ContosoFull);
        var asFull = await full.GetAsync($"/partner/customers/{customerId}/administrators");

        Assert.Equal(HttpStatusCode.BadRequest, byHelpdesk.StatusCode);
        Assert.Contains("Only a global administrator", WebUtility.HtmlDecode(await byHelpdesk.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, signUp.StatusCode);
        Assert.Contains("for an existing organization", WebUtility.HtmlDecode(await signUp.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Contains("is now your delegated administrator", WebUtility.HtmlDecode(await accepted.Content.ReadAsStringAsync()));
        var relationship = Assert.Single(await RelationshipsAsync(customerId));
        Assert.Equal((RelationshipStatus.Active, endsOn), (relationship.Status, relationship.EndsUtc?.Date));
        Assert.Equal(HttpStatusCode.OK, asFull.StatusCode);
    }

    [Fact]
    [Trait("Rule", "R15")]
    public async Task A_global_administrator_declines_and_nothing_is_granted()
    {
        var (customerId, domain) = await NewCustomerAsync();
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var path = await LinkPathAsync(sales, await CreateAsync(sales));
        using var admin = site.Anonymous();

        var declined = await DecideAsync(admin, path, "admin@" + domain, Password, "decline");
        using var full = await site.SignInAsync(DemoUsers.ContosoFull);
        var asFull = await full.GetAsync($"/partner/customers/{customerId}/administrators");
        using var customerAdmin = await site.SignInAsync(("admin@" + domain, Password));
        var (_, partners) = await customerAdmin.GetPageAsync("/portal/partners");

        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        Assert.Contains("declined delegated administration", WebUtility.HtmlDecode(await declined.Content.ReadAsStringAsync()));
        Assert.Equal(RelationshipStatus.Declined, Assert.Single(await RelationshipsAsync(customerId)).Status);
        Assert.Equal(HttpStatusCode.NotFound, asFull.StatusCode);
        HtmlPage.AssertHas(partners, "[data-testid='no-partners']");
        Assert.Contains("Declined by admin@" + domain, partners);
    }

    [Fact]
    [Trait("Rule", "R14")]
    [Trait("Rule", "R15")]
    public async Task An_offer_made_from_a_lookup_result_is_listed_as_offered_for_that_customer_only_and_withdrawing_it_ends_the_offer()
    {
        var (customerId, domain) = await NewCustomerAsync();
        var (otherId, otherDomain) = await NewCustomerAsync();
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var (_, lookup) = await sales.GetPageAsync("/partner/lookup?q=" + domain);
        var (_, form) = await sales.GetPageAsync($"/partner/offers/new/delegated-admin?customer={customerId}");
        var alreadyDelegated = await sales.PostFormAsync("/partner/offers/new/delegated-admin",
            new Dictionary<string, string> { ["OfficeId"] = await OfficeAsync(site, Contoso, "RED-001"), ["CustomerId"] = "fabrikam" }, "/partner/offers/new/delegated-admin");
        var noSuchCustomer = await sales.PostFormAsync("/partner/offers/new/delegated-admin",
            new Dictionary<string, string> { ["OfficeId"] = await OfficeAsync(site, Contoso, "RED-001"), ["CustomerId"] = "contoso-partners" }, "/partner/offers/new/delegated-admin");
        var quoteId = await CreateAsync(sales, customerId: customerId);
        var path = await LinkPathAsync(sales, quoteId);
        using var customerAdmin = await site.SignInAsync(("admin@" + domain, Password));
        var (_, offeredPage) = await customerAdmin.GetPageAsync("/portal/partners");
        using var stranger = site.Anonymous();
        var byOtherCustomer = await DecideAsync(stranger, path, "admin@" + otherDomain, Password, "accept");
        var offered = Assert.Single(await RelationshipsAsync(customerId));

        var withdrawn = await sales.PostFormAsync($"/partner/offers/{quoteId}/withdraw", new Dictionary<string, string>(), $"/partner/offers/{quoteId}");
        var (_, afterWithdrawal) = await customerAdmin.GetPageAsync("/portal/partners");

        Assert.Contains($"/partner/offers/new/delegated-admin?customer={customerId}", WebUtility.HtmlDecode(lookup));
        HtmlPage.AssertHas(form, "[data-testid='offer-customer']");
        Assert.Equal(HttpStatusCode.BadRequest, alreadyDelegated.StatusCode);
        Assert.Contains("You are already a delegated administrator of Fabrikam, Inc.", WebUtility.HtmlDecode(await alreadyDelegated.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, noSuchCustomer.StatusCode);
        Assert.Contains("There is no such customer", WebUtility.HtmlDecode(await noSuchCustomer.Content.ReadAsStringAsync()));
        Assert.Equal(RelationshipStatus.Offered, offered.Status);
        Assert.False(offered.Active);
        HtmlPage.AssertHas(offeredPage, "[data-testid='offered']");
        Assert.Contains(WebUtility.HtmlEncode(path), offeredPage);
        Assert.Equal(HttpStatusCode.BadRequest, byOtherCustomer.StatusCode);
        Assert.Contains("This offer was made to", WebUtility.HtmlDecode(await byOtherCustomer.Content.ReadAsStringAsync()));
        Assert.Empty(await RelationshipsAsync(otherId));
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        Assert.Equal(RelationshipStatus.Withdrawn, Assert.Single(await RelationshipsAsync(customerId)).Status);
        Assert.DoesNotContain("data-testid=\"offered\"", afterWithdrawal);
        Assert.Contains("Offer withdrawn by the partner", afterWithdrawal);
    }

    [Fact]
    [Trait("Rule", "R15")]
    [Trait("Rule", "R11")]
    [Trait("Area", "Hardening")]
    public async Task A_declined_offer_shows_Declined_with_who_and_when_to_the_partner_and_its_link_answers_as_a_withdrawn_one()
    {
        var (customerId, domain) = await NewCustomerAsync();
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var quoteId = await CreateAsync(sales, customerId: customerId);
        var path = await LinkPathAsync(sales, quoteId);
        var (_, lookupBefore) = await sales.GetPageAsync("/partner/lookup?q=" + domain);
        using var admin = site.Anonymous();

        var declined = await DecideAsync(admin, path, "admin@" + domain, Password, "decline");
        var parser = new AngleSharp.Html.Parser.HtmlParser();
        var offerPage = parser.ParseDocument((await sales.GetPageAsync($"/partner/offers/{quoteId}")).Body);
        var dashboard = parser.ParseDocument((await sales.GetPageAsync($"/partner/commerce?QuoteId={quoteId}")).Body);
        var declinedFilter = (await sales.GetPageAsync("/partner/commerce?Status=Declined")).Body;
        var activeFilter = (await sales.GetPageAsync("/partner/commerce?Status=Active")).Body;
        var lookup = parser.ParseDocument((await sales.GetPageAsync("/partner/lookup?q=" + domain)).Body);
        var (linkStatus, linkPage) = await site.Anonymous().GetPageAsync(path);
        var (acceptPageStatus, _) = await site.Anonymous().GetPageAsync(AcceptPath(path));

        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        Assert.Equal("Declined", offerPage.QuerySelector("[data-testid='offer-status']")!.TextContent.Trim());
        Assert.Contains("Declined by admin@" + domain, offerPage.QuerySelector("[data-testid='offer-declined']")!.TextContent, StringComparison.Ordinal);
        Assert.Null(offerPage.QuerySelector("[data-testid='offer-link']"));
        Assert.Contains(dashboard.QuerySelectorAll("table .badge"), b => b.TextContent.Trim() == "Declined");
        Assert.DoesNotContain(dashboard.QuerySelectorAll("table .badge"), b => b.TextContent.Trim() == "Active");
        Assert.Contains(quoteId, declinedFilter, StringComparison.Ordinal);
        Assert.DoesNotContain(quoteId, activeFilter, StringComparison.Ordinal);
        Assert.Contains("offered delegated administration", WebUtility.HtmlDecode(lookupBefore), StringComparison.Ordinal);
        Assert.Contains("declined your delegated-administration offer (admin@" + domain, lookup.QuerySelector("[data-field='Relationship']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, linkStatus);
        Assert.Contains("withdrawn", linkPage, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Gone, acceptPageStatus);
        Assert.False(Assert.Single(await RelationshipsAsync(customerId)).Active);
    }

    [Fact]
    [Trait("Rule", "R15")]
    public async Task Accepting_an_offer_made_to_the_customer_turns_the_offered_relationship_active()
    {
        var (customerId, domain) = await NewCustomerAsync();
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var path = await LinkPathAsync(sales, await CreateAsync(sales, customerId: customerId));
        using var admin = site.Anonymous();

        var accepted = await DecideAsync(admin, path, "admin@" + domain, Password, "accept");
        using var customerAdmin = await site.SignInAsync(("admin@" + domain, Password));
        var (_, partners) = await customerAdmin.GetPageAsync("/portal/partners");

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var relationship = Assert.Single(await RelationshipsAsync(customerId));
        Assert.True(relationship.Active);
        HtmlPage.AssertHas(partners, "[data-testid='partners']");
        Assert.DoesNotContain("data-testid=\"offered\"", partners);
    }

    [Fact]
    [Trait("Rule", "R15")]
    public async Task Twenty_concurrent_accepts_of_one_offer_make_one_active_relationship()
    {
        var (customerId, domain) = await NewCustomerAsync();
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var path = await LinkPathAsync(sales, await CreateAsync(sales));

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var visitor = site.Anonymous();
            return (await DecideAsync(visitor, path, "admin@" + domain, Password, "accept")).StatusCode;
        }));

        Assert.All(results, status => Assert.Equal(HttpStatusCode.OK, status));
        var relationship = Assert.Single(await RelationshipsAsync(customerId));
        Assert.True(relationship.Active);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DelegationOfferTestsOnSqlite(SqliteSite shared) : DelegationOfferTests(shared.Site);

[Collection(PostgresCollection.Name)]
public sealed class DelegationOfferTestsOnPostgres(PostgresSite shared) : DelegationOfferTests(shared.Site);
