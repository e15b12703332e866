using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Data;
using PartnerCms.Core.Security;
using PartnerCms.Directory.Services;
using PartnerCms.Tests.Infrastructure;

namespace PartnerCms.Tests.Framework;

/// <summary>
/// R12's standard sign-up is the Directory's: a customer organization, its primary domain and its first global
/// administrator, checked with the input's data annotations and against the platform (a domain and a user name exist once).
/// </summary>
[Trait("Area", "Framework")]
[Trait("Rule", "R12")]
public abstract class CustomerSignUpTests(PartnerCmsSite site)
{
    private static CustomerSignUpInput Input(string domain) => new()
    {
        CompanyName = "  Test " + domain + " ",
        Domain = domain.ToUpperInvariant(),
        DisplayName = "Alex",
        UserName = "admin@" + domain,
        Password = "Sign-Up-Pass-2026",
        ConfirmPassword = "Sign-Up-Pass-2026",
    };

    [Fact]
    public async Task A_valid_sign_up_creates_the_organization_its_primary_domain_and_a_global_administrator()
    {
        var domain = OfferSteps.NewDomain();
        var result = await site.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<PartnerCmsDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var created = await sp.GetRequiredService<CustomerSignUpService>().CreateAsync(Input(domain), "CA", "SignUp.");
            await transaction.CommitAsync();
            return created;
        });

        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Values));
        Assert.Equal("Test " + domain, result.Organization!.Name);
        await site.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<PartnerCmsDbContext>();
            var stored = await db.OrganizationDomains.SingleAsync(d => d.OrganizationId == result.Organization.Id);
            Assert.Equal((domain, true), (stored.NormalizedName, stored.IsPrimary));
            var user = await sp.GetRequiredService<UserManager<PartnerCmsUser>>().FindByNameAsync("admin@" + domain);
            Assert.True(await sp.GetRequiredService<UserManager<PartnerCmsUser>>().IsInRoleAsync(user!, OrganizationRoles.CustomerGlobalAdministrator));
            return true;
        });
    }

    [Fact]
    public async Task Every_field_is_checked_by_its_annotations_and_against_the_platform()
    {
        var errors = await site.AsSystemAsync(sp => sp.GetRequiredService<CustomerSignUpService>().ValidateAsync(new CustomerSignUpInput { Domain = "not a domain", UserName = "nope" }, "SignUp."));
        var taken = await site.AsSystemAsync(sp => sp.GetRequiredService<CustomerSignUpService>().ValidateAsync(Input("fabrikam.example"), "SignUp."));

        Assert.Equal("Enter your organization's name (at most 256 characters).", errors["SignUp.CompanyName"]);
        Assert.Contains("such as contoso.com", errors["SignUp.Domain"]);
        Assert.Equal("Enter your name.", errors["SignUp.DisplayName"]);
        Assert.Contains("an e-mail address at your domain", errors["SignUp.UserName"]);
        Assert.Equal("Choose a password.", errors["SignUp.Password"]);
        Assert.Equal("fabrikam.example is already registered. If it is your organization's, sign in as its global administrator instead.", taken["SignUp.Domain"]);
        Assert.Equal("admin@fabrikam.example already has an account. Sign in instead.", taken["SignUp.UserName"]);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CustomerSignUpTestsOnSqlite(SqliteSite shared) : CustomerSignUpTests(shared.Site);

[Collection(PostgresCollection.Name)]
public sealed class CustomerSignUpTestsOnPostgres(PostgresSite shared) : CustomerSignUpTests(shared.Site);
