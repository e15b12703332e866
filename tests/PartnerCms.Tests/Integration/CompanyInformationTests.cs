using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Data;
using PartnerCms.Partners.Models;
using PartnerCms.Tests.Infrastructure;

namespace PartnerCms.Tests.Integration;

/// <summary>
/// R1. All partner users can view the company information; only the partner's global administrators can edit it;
/// it is validated (phone, e-mail, web site). Checked from outside, through HTTP.
/// </summary>
[Trait("Rule", "R1")]
public abstract class CompanyInformationTests(PartnerCmsSite site)
{
    public static Dictionary<string, string> ValidForm(string phone = "+1 425 555 0199", string version = "") => new()
    {
        ["Input.CompanyName"] = "Contoso Partners",
        ["Input.Phone"] = phone,
        ["Input.Email"] = "hello@contosopartners.example",
        ["Input.WebSite"] = "https://www.contosopartners.example",
        ["Input.Address.Line1"] = "1 Microsoft Way",
        ["Input.Address.City"] = "Redmond",
        ["Input.Address.StateOrProvince"] = "WA",
        ["Input.Address.PostalCode"] = "98052",
        ["Input.Address.CountryOrRegion"] = "US",
        ["Version"] = version,
    };

    private Task<CompanyInformation> StoredAsync(string organizationId = "contoso-partners") =>
        site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<CompanyInformation>().AsNoTracking().SingleAsync(c => c.OrganizationId == organizationId));

    private async Task<string> CurrentVersionAsync() => (await StoredAsync()).Version.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("admin")]
    [InlineData("marketing")]
    [InlineData("sales")]
    public async Task Every_partner_user_can_view_the_company_information(string who)
    {
        var user = who switch { "admin" => DemoUsers.ContosoAdmin, "marketing" => DemoUsers.ContosoMarketing, _ => DemoUsers.ContosoSales };
        using var client = await site.SignInAsync(user);

        var (status, body) = await client.GetPageAsync("/partner/company");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("4412345", body);
        Assert.Contains("hello@contosopartners.example", body);
        Assert.Equal(who == "admin", HtmlPage.Has(body, "a[href='/partner/company/edit']"));
    }

    [Fact]
    public async Task Global_administrator_edits_and_the_change_is_saved()
    {
        using var client = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var form = ValidForm(phone: "+1 425 555 0123", version: await CurrentVersionAsync());

        var response = await client.PostFormAsync("/partner/company/edit", form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await StoredAsync();
        Assert.Equal("+1 425 555 0123", stored.Phone);
        Assert.Equal(DemoUsers.ContosoAdmin.UserName, stored.ModifiedBy);
        var (_, page) = await client.GetPageAsync("/partner/company");
        Assert.Contains("+1 425 555 0123", WebUtility.HtmlDecode(page));
    }

    [Theory]
    [InlineData("marketing")]
    [InlineData("sales")]
    public async Task Marketing_and_sales_users_posting_the_edit_form_get_403_and_nothing_changes(string who)
    {
        var user = who == "marketing" ? DemoUsers.ContosoMarketing : DemoUsers.ContosoSales;
        using var client = await site.SignInAsync(user);
        var before = await StoredAsync();

        var get = await client.GetAsync("/partner/company/edit");
        var post = await client.PostFormAsync("/partner/company/edit", ValidForm(phone: "+1 999 555 0000", version: before.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        var after = await StoredAsync();
        Assert.Equal(before.Phone, after.Phone);
        Assert.Equal(before.Version, after.Version);
    }

    [Fact]
    public async Task A_customer_user_cannot_read_or_change_the_partner_profile()
    {
        using var client = await site.SignInAsync(DemoUsers.FabrikamAdmin);
        var before = await StoredAsync();

        var read = await client.GetAsync("/partner/company");
        var change = await client.PostFormAsync("/partner/company/edit", ValidForm(phone: "+1 999 555 0001", version: before.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, change.StatusCode);
        Assert.Equal(before.Phone, (await StoredAsync()).Phone);
    }

    [Fact]
    public async Task Another_partner_sees_and_edits_only_its_own_company_information()
    {
        using var client = await site.SignInAsync(DemoUsers.WoodgroveAdmin);
        var contosoBefore = await StoredAsync();

        var (status, page) = await client.GetPageAsync("/partner/company");
        var form = ValidForm(phone: "+61 2 5550 0100");
        form["Input.CompanyName"] = "Woodgrove Partners";
        form["Input.Email"] = "hello@woodgrovepartners.example";
        form["Input.Address.CountryOrRegion"] = "AU";
        form["Version"] = "0";
        var response = await client.PostFormAsync("/partner/company/edit", form);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Woodgrove Partners", page);
        Assert.DoesNotContain("4412345", page);
        Assert.DoesNotContain("contosopartners", page);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("+61 2 5550 0100", (await StoredAsync("woodgrove-partners")).Phone);
        var contosoAfter = await StoredAsync();
        Assert.Equal(contosoBefore.Phone, contosoAfter.Phone);
        Assert.Equal(contosoBefore.Version, contosoAfter.Version);
    }

    [Fact]
    public async Task Invalid_phone_email_and_web_site_are_refused_with_messages_next_to_the_fields_and_nothing_is_saved()
    {
        using var client = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var before = await StoredAsync();
        var form = ValidForm(phone: "call us", version: before.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        form["Input.Email"] = "hello@contoso";
        form["Input.WebSite"] = "javascript:alert(1)";
        form["Input.CompanyName"] = "";

        var response = await client.PostFormAsync("/partner/company/edit", form);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Enter a phone number such as", body);
        Assert.Contains("Enter an e-mail address such as", body);
        Assert.Contains("Enter a web address that starts with https://", body);
        Assert.Contains("Enter the company name.", body);
        HtmlPage.AssertHas(body, "[data-valmsg-for='Input.Phone']");
        var after = await StoredAsync();
        Assert.Equal(before.Phone, after.Phone);
        Assert.Equal(before.Email, after.Email);
        Assert.Equal(before.Version, after.Version);
    }

    [Fact]
    public async Task A_stale_edit_is_refused_and_the_newer_save_is_kept()
    {
        using var client = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var version = await CurrentVersionAsync();
        var first = await client.PostFormAsync("/partner/company/edit", ValidForm(phone: "+1 425 555 0111", version: version));

        var second = await client.PostFormAsync("/partner/company/edit", ValidForm(phone: "+1 425 555 0222", version: version));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("Someone else saved the company information", await second.Content.ReadAsStringAsync());
        Assert.Equal("+1 425 555 0111", (await StoredAsync()).Phone);
    }

    [Fact]
    public async Task Signed_out_visitors_are_sent_to_sign_in_and_cannot_post()
    {
        using var client = site.Anonymous();
        var before = await StoredAsync();

        var read = await client.GetAsync("/partner/company");
        var token = await client.AntiforgeryTokenAsync("/account/signin");
        var form = ValidForm(phone: "+1 999 555 0002", version: before.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        form["__RequestVerificationToken"] = token;
        var post = await client.Http.PostAsync("/partner/company/edit", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.Redirect, read.StatusCode);
        Assert.StartsWith("/account/signin", read.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Equal(before.Phone, (await StoredAsync()).Phone);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        using var client = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var before = await StoredAsync();

        var response = await client.Http.PostAsync("/partner/company/edit", new FormUrlEncodedContent(ValidForm(phone: "+1 999 555 0003", version: before.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before.Phone, (await StoredAsync()).Phone);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CompanyInformationTestsOnSqlite(SqliteSite shared) : CompanyInformationTests(shared.Site);

[Collection(PostgresCollection.Name)]
public sealed class CompanyInformationTestsOnPostgres(PostgresSite shared) : CompanyInformationTests(shared.Site);
