using System.Net;
using PartnerCms.Tests.Infrastructure;

namespace PartnerCms.Tests.Integration;

/// <summary>R2–R5: Lookup user or domain, from outside through HTTP.</summary>
public abstract class CustomerLookupTests(PartnerCmsSite site)
{
    private static string Url(string q) => "/partner/lookup?q=" + Uri.EscapeDataString(q);

    private static bool ShowsCustomer(string body, string name) =>
        body.Contains("data-testid=\"customer\"", StringComparison.Ordinal) && WebUtility.HtmlDecode(body).Contains(name, StringComparison.Ordinal);

    [Theory]
    [Trait("Rule", "R2")]
    [InlineData("dana@fabrikam.example")]
    [InlineData("  DANA@Fabrikam.EXAMPLE ")]
    [InlineData("fabrikam.example")]
    [InlineData(" Fabrikam.Example ")]
    public async Task A_complete_user_name_or_domain_finds_the_customer_whatever_the_case_and_surrounding_spaces(string query)
    {
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);

        var (status, body) = await sales.GetPageAsync(Url(query));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(ShowsCustomer(body, "Fabrikam, Inc."), body);
    }

    [Theory]
    [Trait("Rule", "R2")]
    [InlineData("*.example")]
    [InlineData("fabrikam.*")]
    [InlineData("fabri%")]
    [InlineData("dana?@fabrikam.example")]
    [InlineData("*@fabrikam.example")]
    public async Task A_wildcard_query_gets_a_clear_message_and_no_result(string query)
    {
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);

        var (status, body) = await sales.GetPageAsync(Url(query));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Wildcards are not supported.", body);
        Assert.DoesNotContain("data-testid=\"customer\"", body);
    }

    [Theory]
    [Trait("Rule", "R2")]
    [InlineData("fabrikam", "not a complete domain name")]
    [InlineData("dana@", "not a complete user name")]
    [InlineData("", "Enter the complete user name")]
    [InlineData("   ", "Enter the complete user name")]
    public async Task An_incomplete_or_empty_query_is_refused_with_a_message(string query, string message)
    {
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);

        var (status, body) = await sales.GetPageAsync(Url(query));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(message, body);
    }

    [Fact]
    [Trait("Rule", "R2")]
    public async Task An_over_long_query_is_refused_not_an_error()
    {
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);

        var (status, body) = await sales.GetPageAsync(Url(new string('a', 5000) + ".example"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("longer than any user name or domain name", body);
    }

    [Theory]
    [Trait("Rule", "R2")]
    [InlineData("fabrikam.exampl")]
    [InlineData("nobody@fabrikam.example")]
    [InlineData("contosopartners.example")]
    [InlineData("admin@woodgrovepartners.example")]
    [InlineData("partnercms.example")]
    public async Task Partial_unknown_or_non_customer_names_find_nothing(string query)
    {
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);

        var (status, body) = await sales.GetPageAsync(Url(query));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("No customer matches", body);
        Assert.DoesNotContain("data-testid=\"customer\"", body);
    }

    [Fact]
    [Trait("Rule", "R3")]
    public async Task A_delegated_partner_finds_the_customer_by_a_non_primary_domain_and_another_partner_does_not()
    {
        using var contoso = await site.SignInAsync(DemoUsers.ContosoSales);
        using var woodgrove = await site.SignInAsync(DemoUsers.WoodgroveAdmin);

        var (_, delegated) = await contoso.GetPageAsync(Url("tailspin.example"));
        var (_, other) = await woodgrove.GetPageAsync(Url("tailspin.example"));
        var (_, otherByPrimary) = await woodgrove.GetPageAsync(Url("tailspintoys.example"));

        Assert.True(ShowsCustomer(delegated, "Tailspin Toys"));
        Assert.Contains("No customer matches", other);
        Assert.True(ShowsCustomer(otherByPrimary, "Tailspin Toys"));
    }

    [Fact]
    [Trait("Rule", "R4")]
    public async Task A_customer_without_a_relationship_shows_only_its_name_primary_domain_and_the_offer_actions()
    {
        using var sales = await site.SignInAsync(DemoUsers.ContosoFull);

        var (_, body) = await sales.GetPageAsync(Url("quinn@northwind.example"));

        Assert.True(ShowsCustomer(body, "Northwind Traders"));
        Assert.Contains("northwind.example", body);
        Assert.Contains("data-action=\"trial\" href=\"/partner/offers/new/trial?location=GB\"", body);
        Assert.Contains("data-action=\"purchase\" href=\"/partner/offers/new/purchase?location=GB\"", body);
        Assert.DoesNotContain("data-action=\"administrators\"", body);
        Assert.DoesNotContain("data-action=\"reset-password\"", body);
        Assert.DoesNotContain("data-action=\"service-request\"", body);
        Assert.DoesNotContain("data-action=\"administer-on-behalf\"", body);
        Assert.DoesNotContain("data-field=\"Domains\"", body);
    }

    [Fact]
    [Trait("Rule", "R4")]
    [Trait("Rule", "R8")]
    public async Task An_offer_action_opens_the_wizard_on_the_customers_usage_location()
    {
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);

        var (status, wizard) = await sales.GetPageAsync("/partner/offers/new/trial?location=GB");

        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        Assert.Equal("United Kingdom", HtmlPage.Text(wizard, "option[value='GB'][selected]"));
    }

    [Fact]
    [Trait("Rule", "R4")]
    public async Task The_actions_on_a_customer_without_a_relationship_are_refused_as_not_found()
    {
        using var full = await site.SignInAsync(DemoUsers.ContosoFull);

        var administrators = await full.GetAsync("/partner/customers/northwind/administrators");
        var reset = await full.GetAsync("/partner/customers/northwind/reset-password");
        var request = await full.GetAsync("/partner/customers/northwind/service-requests/new");

        Assert.Equal(HttpStatusCode.NotFound, administrators.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, reset.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, request.StatusCode);
    }

    [Fact]
    [Trait("Rule", "R4")]
    public async Task A_delegated_customer_shows_its_account_and_Show_all_administrators_lists_its_tenant_administrators()
    {
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);

        var (_, body) = await sales.GetPageAsync(Url("fabrikam.example"));
        var (status, administrators) = await sales.GetPageAsync("/partner/customers/fabrikam/administrators");

        HtmlPage.AssertHas(body, "[data-action='administrators']");
        Assert.Contains("fabrikam-eu.example", body);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("admin@fabrikam.example", administrators);
        Assert.DoesNotContain("dana@fabrikam.example", administrators);
    }

    [Fact]
    [Trait("Rule", "R5")]
    public async Task Administer_on_behalf_of_needs_both_the_relationship_and_the_users_delegated_access()
    {
        using var full = await site.SignInAsync(DemoUsers.ContosoFull);
        using var limited = await site.SignInAsync(DemoUsers.ContosoLimited);
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);

        var (_, fullDelegated) = await full.GetPageAsync(Url("fabrikam.example"));
        var (_, limitedDelegated) = await limited.GetPageAsync(Url("fabrikam.example"));
        var (_, salesDelegated) = await sales.GetPageAsync(Url("fabrikam.example"));
        var (_, fullNoRelationship) = await full.GetPageAsync(Url("northwind.example"));

        // Administer on behalf of: shown to Full and Limited on a delegated customer, to no one else.
        HtmlPage.AssertHas(fullDelegated, "[data-action='administer-on-behalf']");
        HtmlPage.AssertHas(limitedDelegated, "[data-action='administer-on-behalf']");
        Assert.DoesNotContain("data-action=\"administer-on-behalf\"", salesDelegated);
        Assert.DoesNotContain("data-action=\"administer-on-behalf\"", fullNoRelationship);
    }

    [Theory]
    [Trait("Rule", "R2")]
    [InlineData("customer")]
    [InlineData("marketing")]
    public async Task Users_who_are_not_partner_sales_or_delegated_cannot_look_up_customers(string who)
    {
        using var client = await site.SignInAsync(who == "customer" ? DemoUsers.FabrikamAdmin : DemoUsers.ContosoMarketing);

        var response = await client.GetAsync(Url("fabrikam.example"));
        var administrators = await client.GetAsync("/partner/customers/fabrikam/administrators");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, administrators.StatusCode);
    }

    [Fact]
    [Trait("Rule", "R4")]
    public async Task A_user_of_another_partner_cannot_act_on_this_partners_customers()
    {
        using var woodgrove = await site.SignInAsync(DemoUsers.WoodgroveFull);

        var administrators = await woodgrove.GetAsync("/partner/customers/fabrikam/administrators");
        var reset = await woodgrove.PostFormAsync("/partner/customers/fabrikam/reset-password", new() { ["UserId"] = await site.UserIdAsync(DemoUsers.FabrikamRobin.UserName) });

        Assert.Equal(HttpStatusCode.NotFound, administrators.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, reset.StatusCode);
        Assert.True(await site.PasswordWorksAsync(DemoUsers.FabrikamRobin.UserName, DemoUsers.FabrikamRobin.Password));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CustomerLookupTestsOnSqlite(SqliteSite shared) : CustomerLookupTests(shared.Site);

[Collection(PostgresCollection.Name)]
public sealed class CustomerLookupTestsOnPostgres(PostgresSite shared) : CustomerLookupTests(shared.Site);

public sealed class LookupRateLimitTests
{
    [Fact]
    [Trait("Rule", "R2")]
    public async Task Too_many_lookups_from_one_user_get_a_clear_429_page()
    {
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite, new Dictionary<string, string?> { ["Customers:LookupsPerMinute"] = "3" });
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        using var other = await site.SignInAsync(DemoUsers.ContosoFull);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await sales.GetAsync("/partner/lookup?q=fabrikam.example")).StatusCode);
        }

        var (status, body) = await sales.GetPageAsync("/partner/lookup?q=fabrikam.example");
        var otherUser = await other.GetAsync("/partner/lookup?q=fabrikam.example");

        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Contains("Too many requests", body);
        Assert.Equal(HttpStatusCode.OK, otherUser.StatusCode);
    }
}
