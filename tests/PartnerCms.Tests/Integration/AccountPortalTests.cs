using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Data;
using PartnerCms.Directory.Models;
using PartnerCms.Tests.Infrastructure;

namespace PartnerCms.Tests.Integration;

/// <summary>The account portal every organization has: users, domains, subscriptions (Manage and Purchase), partners.</summary>
public abstract class AccountPortalTests(PartnerCmsSite site)
{
    private Task<Subscription> SubscriptionAsync(string organizationId, string sku) =>
        site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<Subscription>().AsNoTracking()
            .SingleAsync(s => s.OrganizationId == organizationId && s.SkuCode == sku && s.Status == SubscriptionStatus.Active));

    private Task<int> CountAsync<T>() where T : class => site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<T>().CountAsync());

    private Task<int> UserCountAsync() => site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Users.CountAsync());

    [Fact]
    public async Task A_global_administrator_adds_a_user_at_one_of_the_organizations_domains_and_gets_a_temporary_password()
    {
        using var admin = await site.SignInAsync(DemoUsers.NorthwindAdmin);
        var before = await UserCountAsync();

        var foreign = await admin.PostFormAsync("/portal/users/new", new() { ["Input.UserName"] = "sam@fabrikam.example", ["Input.DisplayName"] = "Sam" });
        var duplicate = await admin.PostFormAsync("/portal/users/new", new() { ["Input.UserName"] = "QUINN@northwind.example", ["Input.DisplayName"] = "Quinn again" });
        var ok = await admin.PostFormAsync("/portal/users/new", new() { ["Input.UserName"] = "jo@northwind.example", ["Input.DisplayName"] = "Jo Northwind" });

        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Contains("must be an address at one of your domains", await foreign.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Contains("There is already a user named", await duplicate.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        HtmlPage.AssertHas(await ok.Content.ReadAsStringAsync(), "[data-testid='temporary-password']");
        Assert.Equal(before + 1, await UserCountAsync());
    }

    [Fact]
    public async Task A_password_administrator_resets_a_users_password_but_not_an_administrators()
    {
        using var helpdesk = await site.SignInAsync(DemoUsers.TailspinHelpdesk);

        var user = await helpdesk.PostFormAsync($"/portal/users/{await site.UserIdAsync(DemoUsers.TailspinCasey.UserName)}/reset-password", []);
        var administrator = await helpdesk.PostFormAsync($"/portal/users/{await site.UserIdAsync(DemoUsers.TailspinAdmin.UserName)}/reset-password", []);
        var addUser = await helpdesk.PostFormAsync("/portal/users/new", new() { ["Input.UserName"] = "x@tailspintoys.example", ["Input.DisplayName"] = "X" });

        Assert.Equal(HttpStatusCode.OK, user.StatusCode);
        Assert.False(await site.PasswordWorksAsync(DemoUsers.TailspinCasey.UserName, DemoUsers.TailspinCasey.Password));
        Assert.Equal(HttpStatusCode.Forbidden, administrator.StatusCode);
        Assert.True(await site.PasswordWorksAsync(DemoUsers.TailspinAdmin.UserName, DemoUsers.TailspinAdmin.Password));
        Assert.Equal(HttpStatusCode.Forbidden, addUser.StatusCode);
    }

    [Fact]
    public async Task Nobody_reaches_another_organizations_users_through_the_account_portal()
    {
        using var admin = await site.SignInAsync(DemoUsers.NorthwindAdmin);
        var fabrikamUser = await site.UserIdAsync(DemoUsers.FabrikamRobin.UserName);

        var edit = await admin.GetAsync($"/portal/users/{fabrikamUser}/edit");
        var reset = await admin.PostFormAsync($"/portal/users/{fabrikamUser}/reset-password", []);
        var (_, list) = await admin.GetPageAsync("/portal/users");

        Assert.Equal(HttpStatusCode.NotFound, edit.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, reset.StatusCode);
        Assert.DoesNotContain("fabrikam", list, StringComparison.OrdinalIgnoreCase);
        Assert.True(await site.PasswordWorksAsync(DemoUsers.FabrikamRobin.UserName, DemoUsers.FabrikamRobin.Password));
    }

    [Theory]
    [InlineData("customer user")]
    [InlineData("partner sales")]
    public async Task Users_who_are_not_administrators_cannot_open_the_account_portal(string who)
    {
        using var client = await site.SignInAsync(who == "customer user" ? DemoUsers.NorthwindQuinn : DemoUsers.ContosoSales);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/portal")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/portal/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/portal/domains")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/portal/subscriptions/manage")).StatusCode);
    }

    [Fact]
    public async Task Domains_are_unique_across_the_platform_and_the_last_or_primary_domain_cannot_be_removed()
    {
        using var admin = await site.SignInAsync(DemoUsers.NorthwindAdmin);
        var before = await CountAsync<PartnerCms.Core.Organizations.OrganizationDomain>();

        var taken = await admin.PostFormAsync("/portal/domains", new() { ["NewDomain"] = "Fabrikam.example" });
        var malformed = await admin.PostFormAsync("/portal/domains", new() { ["NewDomain"] = "not a domain" });
        var (_, page) = await admin.GetPageAsync("/portal/domains");
        var primaryId = System.Text.RegularExpressions.Regex.IsMatch(page, "/portal/domains/(\\d+)/") ? null : "none";
        var onlyDomain = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().OrganizationDomains.SingleAsync(d => d.OrganizationId == "northwind"));
        var removeLast = await admin.PostFormAsync($"/portal/domains/{onlyDomain.Id}/remove", []);

        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        Assert.Contains("already registered by another organization", await taken.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("Enter a domain name such as contoso.com", await malformed.Content.ReadAsStringAsync());
        Assert.Equal("none", primaryId);
        Assert.Equal(HttpStatusCode.Conflict, removeLast.StatusCode);
        Assert.Contains("your only domain", await removeLast.Content.ReadAsStringAsync());
        Assert.Equal(before, await CountAsync<PartnerCms.Core.Organizations.OrganizationDomain>());

        var added = await admin.PostFormAsync("/portal/domains", new() { ["NewDomain"] = " Northwind-Traders.Example " });
        var newDomain = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().OrganizationDomains.SingleAsync(d => d.NormalizedName == "northwind-traders.example"));
        var removePrimary = await admin.PostFormAsync($"/portal/domains/{onlyDomain.Id}/remove", []);
        var removeNew = await admin.PostFormAsync($"/portal/domains/{newDomain.Id}/remove", []);

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.False(newDomain.IsPrimary);
        Assert.Equal(HttpStatusCode.Conflict, removePrimary.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, removeNew.StatusCode);
    }

    [Fact]
    public async Task Another_organizations_domain_cannot_be_changed()
    {
        using var admin = await site.SignInAsync(DemoUsers.NorthwindAdmin);
        var fabrikamEu = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().OrganizationDomains.SingleAsync(d => d.NormalizedName == "fabrikam-eu.example"));

        var remove = await admin.PostFormAsync($"/portal/domains/{fabrikamEu.Id}/remove", []);
        var primary = await admin.PostFormAsync($"/portal/domains/{fabrikamEu.Id}/primary", []);

        Assert.Equal(HttpStatusCode.NotFound, remove.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, primary.StatusCode);
        Assert.Equal(1, await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().OrganizationDomains.CountAsync(d => d.NormalizedName == "fabrikam-eu.example")));
    }

    [Theory]
    [InlineData("0", "Enter at least 1 licence.")]
    [InlineData("-5", "Enter at least 1 licence.")]
    [InlineData("99999999", "Enter at most")]
    [InlineData("lots", "Enter a whole number of licences.")]
    public async Task Licence_counts_below_one_or_absurdly_large_are_refused_and_nothing_changes(string licences, string message)
    {
        using var admin = await site.SignInAsync(DemoUsers.TailspinAdmin);
        var before = await SubscriptionAsync("tailspin", "INTUNE-SUITE");

        var response = await admin.PostFormAsync($"/portal/subscriptions/{before.Id}/licences", new() { ["licences"] = licences, ["version"] = before.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
        Assert.Equal(before.LicenceCount, (await SubscriptionAsync("tailspin", "INTUNE-SUITE")).LicenceCount);
    }

    [Fact]
    public async Task Manage_changes_licences_and_a_stale_form_is_refused()
    {
        using var admin = await site.SignInAsync(DemoUsers.NorthwindAdmin);
        var before = await SubscriptionAsync("northwind", "EMS-E3");

        var changed = await admin.PostFormAsync($"/portal/subscriptions/{before.Id}/licences", new() { ["licences"] = "120", ["version"] = before.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var stale = await admin.PostFormAsync($"/portal/subscriptions/{before.Id}/licences", new() { ["licences"] = "130", ["version"] = before.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, stale.StatusCode);
        Assert.Contains("Someone else changed this subscription", await stale.Content.ReadAsStringAsync());
        Assert.Equal(120, (await SubscriptionAsync("northwind", "EMS-E3")).LicenceCount);
    }

    [Fact]
    public async Task Purchase_offers_only_what_the_usage_location_has_and_never_buys_the_same_subscription_twice()
    {
        using var admin = await site.SignInAsync(DemoUsers.NorthwindAdmin);
        var before = await CountAsync<Subscription>();

        var (_, page) = await admin.GetPageAsync("/portal/subscriptions/purchase");
        var notOffered = await admin.PostFormAsync("/portal/subscriptions/purchase", new() { ["sku"] = "DEFENDER-P2-TRIAL", ["licences"] = "5" });
        var elsewhere = await admin.PostFormAsync("/portal/subscriptions/purchase", new() { ["sku"] = "NO-SUCH-SKU", ["licences"] = "5" });
        var bought = await admin.PostFormAsync("/portal/subscriptions/purchase", new() { ["sku"] = "ENTRA-P2", ["licences"] = "40" });
        var again = await admin.PostFormAsync("/portal/subscriptions/purchase", new() { ["sku"] = "ENTRA-P2", ["licences"] = "40" });

        Assert.Contains("Entra ID P2", page);
        Assert.Contains("Windows Autopatch", page);
        Assert.DoesNotContain("30-day trial", page);
        Assert.Equal(HttpStatusCode.BadRequest, notOffered.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, bought.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("You already have Entra ID P2", await again.Content.ReadAsStringAsync());
        Assert.Equal(before + 1, await CountAsync<Subscription>());
    }

    [Fact]
    public async Task A_subscription_not_offered_in_the_usage_location_is_refused_even_when_posted_directly()
    {
        using var admin = await site.SignInAsync(DemoUsers.TailspinAdmin);
        var before = await CountAsync<Subscription>();

        // Tailspin's usage location is Ireland; Defender for Endpoint is not offered there.
        var response = await admin.PostFormAsync("/portal/subscriptions/purchase", new() { ["sku"] = "DEFENDER-P2", ["licences"] = "5" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is not offered in your usage location", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.Equal(before, await CountAsync<Subscription>());
    }

    [Fact]
    [Trait("Rule", "R15")]
    public async Task A_customer_sees_its_partner_relationships_and_only_its_own()
    {
        using var fabrikam = await site.SignInAsync(DemoUsers.FabrikamAdmin);
        using var northwind = await site.SignInAsync(DemoUsers.NorthwindAdmin);

        var (status, fabrikamPartners) = await fabrikam.GetPageAsync("/portal/partners");
        var (_, northwindPartners) = await northwind.GetPageAsync("/portal/partners");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Contoso Partners", fabrikamPartners);
        Assert.Contains("4412345", fabrikamPartners);
        Assert.DoesNotContain("Woodgrove", fabrikamPartners);
        // Northwind's delegated administrators: Woodgrove, not Contoso (whose demo offer Northwind has not answered).
        var northwindAdministrators = northwindPartners.Split("data-testid=\"offered\"")[0];
        Assert.Contains("Woodgrove Partners", northwindAdministrators);
        Assert.DoesNotContain("Contoso Partners", northwindAdministrators);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AccountPortalTestsOnSqlite(SqliteSite shared) : AccountPortalTests(shared.Site);

[Collection(PostgresCollection.Name)]
public sealed class AccountPortalTestsOnPostgres(PostgresSite shared) : AccountPortalTests(shared.Site);
