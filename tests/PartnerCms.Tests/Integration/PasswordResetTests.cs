using System.Net;
using System.Text.RegularExpressions;
using PartnerCms.Tests.Infrastructure;

namespace PartnerCms.Tests.Integration;

/// <summary>R6: Full administration resets a customer's password from the partner portal; Limited only from the customer's portal.</summary>
[Trait("Rule", "R6")]
public abstract partial class PasswordResetTests(PartnerCmsSite site)
{
    [GeneratedRegex("data-testid=\"temporary-password\">([^<]+)<")]
    private static partial Regex TemporaryPassword();

    [Fact]
    public async Task Full_administration_resets_a_customer_users_password_who_must_then_change_it_at_next_sign_in()
    {
        using var full = await site.SignInAsync(DemoUsers.ContosoFull);
        var pat = DemoUsers.FabrikamPat;

        var response = await full.PostFormAsync("/partner/customers/fabrikam/reset-password", new() { ["UserId"] = await site.UserIdAsync(pat.UserName) });
        var body = await response.Content.ReadAsStringAsync();
        var temporary = WebUtility.HtmlDecode(TemporaryPassword().Match(body).Groups[1].Value);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(string.IsNullOrEmpty(temporary));
        Assert.False(await site.PasswordWorksAsync(pat.UserName, pat.Password));

        using var patClient = site.Anonymous();
        var signIn = await patClient.PostFormAsync("/account/signin", new() { ["UserName"] = pat.UserName, ["Password"] = temporary }, tokenPage: "/account/signin");
        var elsewhere = await patClient.GetAsync("/admin");
        Assert.Equal("/account/change-password", signIn.Headers.Location!.OriginalString);
        Assert.Equal("/account/change-password", elsewhere.Headers.Location!.OriginalString);

        var change = await patClient.PostFormAsync("/account/change-password",
            new() { ["CurrentPassword"] = temporary, ["NewPassword"] = "Pat-Chose-This-2026", ["ConfirmPassword"] = "Pat-Chose-This-2026" },
            tokenPage: "/account/change-password");
        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await patClient.GetAsync("/admin")).StatusCode);
        Assert.True(await site.PasswordWorksAsync(pat.UserName, "Pat-Chose-This-2026"));
    }

    [Fact]
    public async Task Limited_administration_is_refused_in_the_partner_portal_with_where_to_do_it_and_nothing_changes()
    {
        using var limited = await site.SignInAsync(DemoUsers.ContosoLimited);
        var robin = DemoUsers.FabrikamRobin;

        var page = await limited.GetAsync("/partner/customers/fabrikam/reset-password");
        var post = await limited.PostFormAsync("/partner/customers/fabrikam/reset-password", new() { ["UserId"] = await site.UserIdAsync(robin.UserName) });

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Contains("only from the customer&#x27;s account portal", await post.Content.ReadAsStringAsync());
        Assert.True(await site.PasswordWorksAsync(robin.UserName, robin.Password));
    }

    [Fact]
    public async Task A_partner_user_without_delegated_access_cannot_reset_a_customers_password()
    {
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var robin = DemoUsers.FabrikamRobin;

        var post = await sales.PostFormAsync("/partner/customers/fabrikam/reset-password", new() { ["UserId"] = await site.UserIdAsync(robin.UserName) });

        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.True(await site.PasswordWorksAsync(robin.UserName, robin.Password));
    }

    [Fact]
    public async Task A_user_of_another_customer_cannot_be_reset_through_this_customer()
    {
        using var full = await site.SignInAsync(DemoUsers.ContosoFull);
        var quinn = DemoUsers.NorthwindQuinn;

        var post = await full.PostFormAsync("/partner/customers/fabrikam/reset-password", new() { ["UserId"] = await site.UserIdAsync(quinn.UserName) });

        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Contains("Choose one of the customer", await post.Content.ReadAsStringAsync());
        Assert.True(await site.PasswordWorksAsync(quinn.UserName, quinn.Password));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PasswordResetTestsOnSqlite(SqliteSite shared) : PasswordResetTests(shared.Site);

[Collection(PostgresCollection.Name)]
public sealed class PasswordResetTestsOnPostgres(PostgresSite shared) : PasswordResetTests(shared.Site);
