using System.Net;
using PartnerCms.Tests.Infrastructure;

namespace PartnerCms.Tests.Integration;

public abstract class SignInTests(PartnerCmsSite site)
{
    private static Dictionary<string, string> Credentials((string UserName, string Password) user, string? returnUrl = null)
    {
        var form = new Dictionary<string, string> { ["UserName"] = user.UserName, ["Password"] = user.Password };
        if (returnUrl is not null)
        {
            form["ReturnUrl"] = returnUrl;
        }

        return form;
    }

    [Fact]
    public async Task A_user_signs_in_and_sees_their_name_and_organization()
    {
        using var client = site.Anonymous();

        var response = await client.PostFormAsync("/account/signin", Credentials(DemoUsers.ContosoSales), tokenPage: "/account/signin");
        var (status, dashboard) = await client.GetPageAsync("/admin");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin", response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Sam Sales", dashboard);
        Assert.Contains("Contoso Partners", dashboard);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_message()
    {
        using var client = site.Anonymous();

        var response = await client.PostFormAsync("/account/signin", Credentials((DemoUsers.ContosoSales.UserName, "not-the-password")), tokenPage: "/account/signin");
        var after = await client.GetAsync("/admin");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The user name or password is not right.", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        using var client = site.Anonymous();
        var dana = ("dana@fabrikam.example", "Fabrikam-User-2026");
        for (var i = 0; i < 5; i++)
        {
            await client.PostFormAsync("/account/signin", Credentials((dana.Item1, "wrong-" + i)), tokenPage: "/account/signin");
        }

        var response = await client.PostFormAsync("/account/signin", Credentials(dana), tokenPage: "/account/signin");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("locked", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Empty_fields_get_messages_not_an_error()
    {
        using var client = site.Anonymous();

        var response = await client.PostFormAsync("/account/signin", new() { ["UserName"] = "", ["Password"] = "" }, tokenPage: "/account/signin");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Enter your user name.", body);
        Assert.Contains("Enter your password.", body);
    }

    [Fact]
    public async Task Sign_in_never_redirects_to_another_site()
    {
        using var client = site.Anonymous();

        var response = await client.PostFormAsync("/account/signin", Credentials(DemoUsers.ContosoMarketing, "https://evil.example/phish"), tokenPage: "/account/signin");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        using var client = await site.SignInAsync(DemoUsers.ContosoMarketing);

        var signOut = await client.PostFormAsync("/account/signout", []);
        var after = await client.GetAsync("/partner/company");

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/signin", after.Headers.Location!.PathAndQuery);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SignInTestsOnSqlite(SqliteSite shared) : SignInTests(shared.Site);

[Collection(PostgresCollection.Name)]
public sealed class SignInTestsOnPostgres(PostgresSite shared) : SignInTests(shared.Site);
