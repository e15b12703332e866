using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Data;
using PartnerCms.Partners.Models;
using PartnerCms.Tests.Infrastructure;
using PartnerCms.Tests.Integration;

namespace PartnerCms.Tests.Hardening;

/// <summary>
/// R1 for every partner user: a user whose only access is delegated (Full or Limited) views the company information
/// and the offices, read-only; the delegated access changes nothing in the partner's own organization (R16).
/// </summary>
[Trait("Area", "Hardening")]
[Trait("Rule", "R1")]
[Trait("Rule", "R16")]
public abstract class DelegatedUsersProfileTests(PartnerCmsSite site)
{
    private Task<CompanyInformation> StoredAsync() =>
        site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<CompanyInformation>().AsNoTracking().SingleAsync(c => c.OrganizationId == "contoso-partners"));

    [Theory]
    [InlineData("full")]
    [InlineData("limited")]
    public async Task A_user_with_only_delegated_access_views_the_company_information_and_offices_and_changes_nothing(string who)
    {
        using var client = await site.SignInAsync(who == "full" ? DemoUsers.ContosoFull : DemoUsers.ContosoLimited);
        var before = await StoredAsync();

        var (companyStatus, company) = await client.GetPageAsync("/partner/company");
        var (officesStatus, offices) = await client.GetPageAsync("/partner/offices");

        Assert.Equal(HttpStatusCode.OK, companyStatus);
        Assert.Contains("hello@contosopartners.example", company);
        Assert.DoesNotContain("href=\"/partner/company/edit\"", company);
        Assert.Equal(HttpStatusCode.OK, officesStatus);
        Assert.Contains("RED-001", offices);
        Assert.DoesNotContain("href=\"/partner/offices/new\"", offices);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/partner/company/edit")).StatusCode);
        var post = await client.PostFormAsync("/partner/company/edit", CompanyInformationTests.ValidForm(phone: "+1 999 555 0000", version: before.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)), "/partner/company");
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/partner/offices/new")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostFormAsync("/partner/offices/new", new() { ["Input.Name"] = "Sneaky" }, "/partner/company")).StatusCode);
        Assert.Equal(before.Version, (await StoredAsync()).Version);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DelegatedUsersProfileTestsOnSqlite(SqliteSite shared) : DelegatedUsersProfileTests(shared.Site);

[Collection(PostgresCollection.Name)]
public sealed class DelegatedUsersProfileTestsOnPostgres(PostgresSite shared) : DelegatedUsersProfileTests(shared.Site);
