using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Data;
using PartnerCms.Core.Organizations;
using PartnerCms.Offers.Models;
using PartnerCms.Tests.Infrastructure;
using static PartnerCms.Tests.Infrastructure.OfferSteps;

namespace PartnerCms.Tests.Hardening;

/// <summary>
/// No password check outside the sign-in manager: the offer's sign-up form never authenticates an existing user (a
/// double submit is recognised by the form's one-time token), and every password check counts failures and respects
/// lockout. Concurrent sign-ups of one domain answer with a message, never a 500.
/// </summary>
[Trait("Area", "Hardening")]
[Trait("Rule", "R12")]
public abstract class LockoutTests(PartnerCmsSite site)
{
    private async Task<string> NewOfferLinkAsync()
    {
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var office = await OfficeAsync(site, "contoso-partners", "RED-001");
        return await LinkPathAsync(sales, await CreateOfferAsync(sales, "purchase", "US", office, [("INTUNE-P1", 5)]));
    }

    private static async Task LockOutAsync(PartnerCmsSite site, string userName)
    {
        using var attacker = site.Anonymous();
        for (var i = 0; i < 5; i++)
        {
            await attacker.PostFormAsync("/account/signin", new() { ["UserName"] = userName, ["Password"] = "Wrong-Guess-" + i }, tokenPage: "/account/signin");
        }
    }

    private static async Task<bool> SignedInAsync(PortalClient client) => (await client.GetAsync("/admin")).StatusCode == HttpStatusCode.OK;

    [Fact]
    public async Task The_sign_up_form_never_signs_in_an_existing_user_even_with_the_right_password_and_never_a_locked_one()
    {
        var path = await NewOfferLinkAsync();
        using var customer = site.Anonymous();
        var signedUp = await SignUpAsync(customer, path, NewDomain(), new() { ["INTUNE-P1"] = 5 });
        Assert.Equal(HttpStatusCode.OK, signedUp.Status);
        var userName = "admin@" + signedUp.Domain;

        // The right password again, in a new sign-up form: refused, nobody signed in.
        using var other = site.Anonymous();
        var again = await SignUpAsync(other, path, signedUp.Domain, new() { ["INTUNE-P1"] = 5 });
        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
        Assert.Contains("already registered", again.Page);
        Assert.False(await SignedInAsync(other));

        // Locked out: the sign-up form still signs nobody in.
        await LockOutAsync(site, userName);
        using var attacker = site.Anonymous();
        var locked = await SignUpAsync(attacker, path, signedUp.Domain, new() { ["INTUNE-P1"] = 5 });
        Assert.True(locked.Status < HttpStatusCode.InternalServerError);
        Assert.DoesNotContain("has accepted offer", locked.Page);
        Assert.False(await SignedInAsync(attacker));

        // And the sign-in part of the accept form respects the lockout.
        var signIn = await SignInAndAcceptAsync(attacker, path, userName, "Visitor-Pass-2026", new() { ["INTUNE-P1"] = 5 });
        Assert.Equal(HttpStatusCode.BadRequest, signIn.Status);
        Assert.Contains("locked", signIn.Page);
        Assert.False(await SignedInAsync(attacker));
    }

    [Fact]
    public async Task The_same_sign_up_form_sent_twice_is_recognised_by_its_one_time_token_and_makes_one_organization()
    {
        var path = await NewOfferLinkAsync();
        var domain = NewDomain();
        var submission = Guid.NewGuid().ToString("N");
        var quoteId = path.Split('/', '?')[2];
        using var browser = site.Anonymous();
        var first = await browser.PostFormAsync($"/offers/{quoteId}/accept", SignUpFields(path, domain, new() { ["INTUNE-P1"] = 5 }, false, "Visitor-Pass-2026", submission), AcceptPath(path));
        using var replay = site.Anonymous();
        var second = await replay.PostFormAsync($"/offers/{quoteId}/accept", SignUpFields(path, domain, new() { ["INTUNE-P1"] = 5 }, false, "Visitor-Pass-2026", submission), AcceptPath(path));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("had already accepted this offer", WebUtility.HtmlDecode(await second.Content.ReadAsStringAsync()));
        Assert.True(await SignedInAsync(browser));
        Assert.False(await SignedInAsync(replay));
        Assert.Equal(1, await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<OfferAcceptance>().IgnoreQueryFilters().CountAsync(a => a.QuoteId == quoteId)));
    }

    [Fact]
    public async Task Wrong_current_passwords_on_the_change_password_form_lock_the_account()
    {
        using var session = await site.SignInAsync(DemoUsers.TailspinCasey);
        for (var i = 0; i < 5; i++)
        {
            await session.PostFormAsync("/account/change-password",
                new() { ["CurrentPassword"] = "Not-Her-Password-" + i, ["NewPassword"] = "Casey-New-Pass-2026", ["ConfirmPassword"] = "Casey-New-Pass-2026" }, tokenPage: "/admin");
        }

        using var later = site.Anonymous();
        var signIn = await later.PostFormAsync("/account/signin", new() { ["UserName"] = DemoUsers.TailspinCasey.UserName, ["Password"] = DemoUsers.TailspinCasey.Password }, tokenPage: "/account/signin");
        Assert.Contains("locked", await signIn.Content.ReadAsStringAsync());
        Assert.False(await SignedInAsync(later));
    }

    [Fact]
    [Trait("Area", "Fuzz")]
    public async Task Fifty_parallel_sign_ups_of_one_new_domain_make_one_organization_and_answer_every_other_one_with_a_message()
    {
        var path = await NewOfferLinkAsync();
        var domain = NewDomain();
        var quoteId = path.Split('/', '?')[2];
        var browsers = Enumerable.Range(0, 50).Select(_ => site.Anonymous()).ToList();
        var tokens = await Task.WhenAll(browsers.Select(b => b.AntiforgeryTokenAsync(AcceptPath(path))));
        var posts = browsers.Select((b, i) => b.Http.PostAsync($"/offers/{quoteId}/accept",
            new FormUrlEncodedContent(SignUpFields(path, domain, new() { ["INTUNE-P1"] = 5 }, false, "Visitor-Pass-2026").Append(new("__RequestVerificationToken", tokens[i])))));
        var responses = await Task.WhenAll(posts);
        var pages = await Task.WhenAll(responses.Select(async r => WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync())));

        Assert.All(responses, r => Assert.True(r.StatusCode < HttpStatusCode.InternalServerError, $"{(int)r.StatusCode}"));
        Assert.Single(pages, p => p.Contains("has accepted offer", StringComparison.Ordinal));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        // Each of the others is told why, whichever check it lost the race at: the domain (registered, or registered a
        // moment ago) or, between the two checks, the user name.
        Assert.Equal(49, pages.Count(p => p.Contains("registered", StringComparison.Ordinal) || p.Contains("already has an account", StringComparison.Ordinal)));
        Assert.Equal(1, await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<OrganizationDomain>().IgnoreQueryFilters().CountAsync(d => d.NormalizedName == domain)));
        browsers.ForEach(b => b.Dispose());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class LockoutTestsOnSqlite(SqliteSite shared) : LockoutTests(shared.Site);

[Collection(PostgresCollection.Name)]
public sealed class LockoutTestsOnPostgres(PostgresSite shared) : LockoutTests(shared.Site);
