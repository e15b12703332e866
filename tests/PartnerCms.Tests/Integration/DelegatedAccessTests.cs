using System.Net;
using PartnerCms.Tests.Infrastructure;

namespace PartnerCms.Tests.Integration;

/// <summary>
/// R16: delegated access (Full or Limited) lets a partner user who is not an administrator use the partner portal —
/// find customers — and gives no rights in the partner's own organization.
/// </summary>
[Trait("Rule", "R16")]
public abstract class DelegatedAccessTests(PartnerCmsSite site)
{
    [Theory]
    [InlineData("full")]
    [InlineData("limited")]
    public async Task A_delegated_user_without_a_partner_role_may_look_up_customers(string who)
    {
        using var client = await site.SignInAsync(who == "full" ? DemoUsers.ContosoFull : DemoUsers.ContosoLimited);

        var (overview, _) = await client.GetPageAsync("/partner");
        var (lookup, body) = await client.GetPageAsync("/partner/lookup?q=fabrikam.example");

        Assert.Equal(HttpStatusCode.OK, overview);
        Assert.Equal(HttpStatusCode.OK, lookup);
        HtmlPage.AssertHas(body, "[data-testid='customer']");
    }

    [Theory]
    [InlineData("full")]
    [InlineData("limited")]
    public async Task Delegated_access_gives_no_rights_in_the_partners_own_organization(string who)
    {
        using var client = await site.SignInAsync(who == "full" ? DemoUsers.ContosoFull : DemoUsers.ContosoLimited);

        var editCompany = await client.PostFormAsync("/partner/company/edit", CompanyInformationTests.ValidForm(phone: "+1 999 555 0009", version: "1"));
        var addOffice = await client.GetAsync("/partner/offices/new");
        var users = await client.GetAsync("/portal/users");
        var domains = await client.GetAsync("/portal/domains");
        var templates = await client.GetAsync("/partner/templates");

        Assert.Equal(HttpStatusCode.Forbidden, editCompany.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, addOffice.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, users.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, domains.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, templates.StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DelegatedAccessTestsOnSqlite(SqliteSite shared) : DelegatedAccessTests(shared.Site);

[Collection(PostgresCollection.Name)]
public sealed class DelegatedAccessTestsOnPostgres(PostgresSite shared) : DelegatedAccessTests(shared.Site);
