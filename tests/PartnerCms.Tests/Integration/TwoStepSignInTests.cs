using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Data;
using PartnerCms.Core.Hosting;
using PartnerCms.Tests.Infrastructure;

namespace PartnerCms.Tests.Integration;

/// <summary>
/// Two-step sign-in from the outside (issue 22): the second step after the password, required users held on the set-up
/// page, replayed and wrong codes, recovery codes, the step-up before acting for a customer (a manual clock), an
/// administrator's reset and who may do it, and the audit trail. TOTP codes are computed here from the key the page
/// shows (Otp.NET), never through the portal's own code.
/// </summary>
[Trait("Area", "Mfa")]
public abstract class TwoStepSignInTests(TestDatabase database) : IAsyncLifetime
{
    /// <summary>The demo recipe's key for full@contosopartners.example (README).</summary>
    public const string FullKey = "CONTOSOFULLDEMO2";
    public const string AdminKey = "CONTOSOADMINDEMO";

    private readonly ManualClock _clock = new();
    private PartnerCmsSite _site = null!;

    protected virtual bool DemoKeys => true;

    public async Task InitializeAsync()
    {
        _site = new PartnerCmsSite(database, new Dictionary<string, string?>
        {
            ["Accounts:Mfa:Required"] = "true",
            ["Accounts:Mfa:DemoKeys"] = DemoKeys ? "true" : "false",
            ["Accounts:Mfa:SecondStepAttemptsPerMinute"] = "1000",
        }, services =>
        {
            services.AddSingleton<TimeProvider>(_clock);
            services.Configure<SecurityStampValidatorOptions>(o => o.TimeProvider = _clock);
        });
        await _site.RunRecipeAsync("second-partner.recipe.json");
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    /// <summary>The code an authenticator app shows now for the key (the portal checks codes against the real time).</summary>
    public static string CodeFor(string base32Key, DateTime? at = null) =>
        new Totp(Base32Encoding.ToBytes(base32Key.Replace(" ", string.Empty, StringComparison.Ordinal))).ComputeTotp(at ?? DateTime.UtcNow);

    /// <summary>A code for the key that differs from <paramref name="used"/> (the previous or next step's code, still accepted).</summary>
    private static string OtherCodeFor(string key, string used)
    {
        foreach (var offset in new[] { -30, 30, -60, 60 })
        {
            var code = CodeFor(key, DateTime.UtcNow.AddSeconds(offset));
            if (code != used)
            {
                return code;
            }
        }

        throw new InvalidOperationException("No other code.");
    }

    private static string Location(HttpResponseMessage response) => response.Headers.Location?.OriginalString ?? string.Empty;

    private async Task<(PortalClient Client, HttpResponseMessage Response)> PasswordAsync((string UserName, string Password) user)
    {
        var client = _site.Anonymous();
        var response = await client.PostFormAsync("/account/signin", new() { ["UserName"] = user.UserName, ["Password"] = user.Password }, tokenPage: "/account/signin");
        return (client, response);
    }

    private async Task<PortalClient> SignInWithCodeAsync((string UserName, string Password) user, string key)
    {
        var (client, response) = await PasswordAsync(user);
        Assert.Contains("/account/two-step", Location(response), StringComparison.Ordinal);
        var step = await client.PostFormAsync("/account/two-step", new() { ["Code"] = CodeFor(key) }, tokenPage: Location(response));
        Assert.Equal(HttpStatusCode.Redirect, step.StatusCode);
        Assert.Equal("/admin", Location(step));
        return client;
    }

    /// <summary>The audit actions about the user (after every event is delivered: the clock moves on so a retried delivery falls due).</summary>
    private Task<List<string>> AuditActionsAsync(string targetStartsWith) => _site.AsSystemAsync(async sp =>
    {
        _clock.Advance(TimeSpan.FromMinutes(5));
        await _site.DeliverEventsAsync();
        return await sp.GetRequiredService<PartnerCmsDbContext>().Set<PartnerCms.Audit.Models.AuditEntry>()
            .Where(e => e.Target != null && e.Target.StartsWith(targetStartsWith)).Select(e => e.Action).ToListAsync();
    });

    [Fact]
    public async Task After_the_password_a_user_with_an_authenticator_is_asked_for_a_code_and_nothing_opens_before_it()
    {
        var (client, response) = await PasswordAsync(DemoUsers.ContosoFull);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/two-step", Location(response), StringComparison.Ordinal);

        // The password alone signs nobody in.
        var admin = await client.GetAsync("/admin");
        Assert.Contains("/account/signin", Location(admin), StringComparison.Ordinal);

        var (_, page) = await client.GetPageAsync(Location(response));
        Assert.Equal("Authenticator code", HtmlPage.Text(page, "label[for=Code]"));
        Assert.Contains("Use a recovery code", HtmlPage.Text(page, "main"), StringComparison.Ordinal);
        // full@ must step up (delegated access): "Remember this browser" is not offered.
        Assert.False(HtmlPage.Has(page, "input[name=RememberBrowser]"));

        var wrong = await client.PostFormAsync("/account/two-step", new() { ["Code"] = "000000" }, tokenPage: Location(response));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("code is not right", HtmlPage.Text(await wrong.Content.ReadAsStringAsync(), "main"), StringComparison.Ordinal);

        var right = await client.PostFormAsync("/account/two-step", new() { ["Code"] = CodeFor(FullKey) }, tokenPage: Location(response));
        Assert.Equal("/admin", Location(right));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin")).StatusCode);
        Assert.Contains("two-step.second-step-failed", await AuditActionsAsync(DemoUsers.ContosoFull.UserName));
    }

    [Fact]
    public async Task A_code_already_used_is_refused_when_replayed_in_another_browser()
    {
        var (first, response) = await PasswordAsync(DemoUsers.ContosoFull);
        var code = CodeFor(FullKey);
        Assert.Equal("/admin", Location(await first.PostFormAsync("/account/two-step", new() { ["Code"] = code }, tokenPage: Location(response))));

        var (second, again) = await PasswordAsync(DemoUsers.ContosoFull);
        var replay = await second.PostFormAsync("/account/two-step", new() { ["Code"] = code }, tokenPage: Location(again));
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Contains("/account/signin", Location(await second.GetAsync("/admin")), StringComparison.Ordinal);

        // A different valid code (another time step) still works: only the used one is refused.
        var other = await second.PostFormAsync("/account/two-step", new() { ["Code"] = OtherCodeFor(FullKey, code) }, tokenPage: Location(again));
        Assert.Equal("/admin", Location(other));
    }

    [Fact]
    public async Task Five_wrong_codes_lock_the_account_as_wrong_passwords_do()
    {
        var (client, response) = await PasswordAsync(DemoUsers.ContosoLimited);
        var page = Location(response);
        HttpResponseMessage last = null!;
        for (var i = 0; i < 5; i++)
        {
            last = await client.PostFormAsync("/account/two-step", new() { ["Code"] = "12345" + i }, tokenPage: page);
        }

        Assert.Contains("/account/signin", Location(last), StringComparison.Ordinal);
        var locked = await _site.AsSystemAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PartnerCmsUser>>();
            return await users.IsLockedOutAsync((await users.FindByNameAsync(DemoUsers.ContosoLimited.UserName))!);
        });
        Assert.True(locked, "Five wrong codes did not lock the account.");

        // Locked: even the right password and code do not sign in.
        var (again, afterPassword) = await PasswordAsync(DemoUsers.ContosoLimited);
        Assert.DoesNotContain("/account/two-step", Location(afterPassword), StringComparison.Ordinal);
        Assert.Contains("locked", HtmlPage.Text(await afterPassword.Content.ReadAsStringAsync(), "main"), StringComparison.Ordinal);
        Assert.Contains("/account/signin", Location(await again.GetAsync("/admin")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_second_step_input_gets_a_message_never_a_server_error()
    {
        var (client, response) = await PasswordAsync(DemoUsers.ContosoAdmin);
        var page = Location(response);
        foreach (var code in new[] { "\0\0\0\0\0\0", new string('9', 5000), "１２３４５６", "' OR 1=1 --" })
        {
            var answer = await client.PostFormAsync("/account/two-step", new() { ["Code"] = code }, tokenPage: page);
            Assert.True((int)answer.StatusCode is >= 300 and < 500, $"'{code[..Math.Min(code.Length, 10)]}' gave {(int)answer.StatusCode}");
        }

        foreach (var recovery in new[] { "\0\0\0\0-\0\0\0\0", new string('A', 100_000) })
        {
            var answer = await client.PostFormAsync("/account/two-step/recovery", new() { ["RecoveryCode"] = recovery }, tokenPage: "/account/two-step/recovery");
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        }

        var passkey = await client.PostFormAsync("/account/two-step/passkey", new() { ["Credential"] = "{\"id\":null}" }, tokenPage: page);
        Assert.True((int)passkey.StatusCode is >= 300 and < 500, $"A junk passkey gave {(int)passkey.StatusCode}");
        var signIn = await _site.Anonymous().PostFormAsync("/account/passkey/signin", new() { ["Credential"] = "null" }, tokenPage: "/account/signin");
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains("passkey did not sign you in", HtmlPage.Text(await signIn.Content.ReadAsStringAsync(), "main"), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "R18")]
    public async Task Administer_on_behalf_asks_for_the_second_step_again_after_the_window_and_not_within_it()
    {
        using var full = await SignInWithCodeAsync(DemoUsers.ContosoFull, FullKey);

        // Within 15 minutes of the sign-in's second step: straight in, and the session records the method.
        _clock.Advance(TimeSpan.FromMinutes(10));
        var within = await full.PostFormAsync("/partner/customers/fabrikam/administer", new(), tokenPage: "/partner/lookup?q=fabrikam.example");
        Assert.Equal("/portal", Location(within).TrimEnd('/'));
        var method = await _site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<PartnerCms.Customers.Models.OnBehalfSession>()
            .OrderByDescending(s => s.StartedUtc).Select(s => s.SecondStepMethod).FirstAsync());
        Assert.Equal(TwoStepMethods.Authenticator, method);
        await full.PostFormAsync("/portal/on-behalf/end", new(), tokenPage: "/portal");

        // After it: asked again, and nothing is started until the step is passed.
        _clock.Advance(TimeSpan.FromMinutes(10));
        var after = await full.PostFormAsync("/partner/customers/fabrikam/administer", new(), tokenPage: "/partner/lookup?q=fabrikam.example");
        Assert.StartsWith("/account/step-up?returnUrl=", Location(after), StringComparison.Ordinal);
        var sessions = await _site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<PartnerCms.Customers.Models.OnBehalfSession>().CountAsync(s => s.EndedUtc == null));
        Assert.Equal(0, sessions);

        // The same for resetting a customer's password from the partner portal (R6).
        var reset = await full.GetAsync("/partner/customers/fabrikam/reset-password");
        Assert.StartsWith("/account/step-up?returnUrl=%2Fpartner%2Fcustomers%2Ffabrikam%2Freset-password", Location(reset), StringComparison.Ordinal);

        var stepUp = await full.PostFormAsync("/account/step-up", new() { ["Code"] = CodeFor(FullKey, DateTime.UtcNow.AddSeconds(30)), ["ReturnUrl"] = "/partner/customers/fabrikam/reset-password" }, tokenPage: Location(reset));
        Assert.Equal("/partner/customers/fabrikam/reset-password", Location(stepUp));
        Assert.Equal(HttpStatusCode.OK, (await full.GetAsync("/partner/customers/fabrikam/reset-password")).StatusCode);
        Assert.Equal("/portal", Location(await full.PostFormAsync("/partner/customers/fabrikam/administer", new(), tokenPage: "/partner/lookup?q=fabrikam.example")).TrimEnd('/'));
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once_and_each_use_is_audited()
    {
        using var admin = await SignInWithCodeAsync(DemoUsers.ContosoAdmin, AdminKey);
        var codesPage = await admin.PostFormAsync("/account/security/recovery-codes", new(), tokenPage: "/account/security");
        var codes = HtmlPage.All(await codesPage.Content.ReadAsStringAsync(), "[data-testid=recovery-codes] code").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(10, codes.Count);
        Assert.Equal(10, codes.Distinct(StringComparer.Ordinal).Count());

        var (client, response) = await PasswordAsync(DemoUsers.ContosoAdmin);
        var recovery = "/account/two-step/recovery";
        var used = await client.PostFormAsync(recovery, new() { ["RecoveryCode"] = codes[3] }, tokenPage: recovery);
        Assert.Equal("/admin", Location(used));

        var (again, _) = await PasswordAsync(DemoUsers.ContosoAdmin);
        var reused = await again.PostFormAsync(recovery, new() { ["RecoveryCode"] = codes[3] }, tokenPage: recovery);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Contains("/account/signin", Location(await again.GetAsync("/admin")), StringComparison.Ordinal);

        var (_, security) = await client.GetPageAsync("/account/security");
        Assert.Contains("9", HtmlPage.Text(security, "[data-testid=recovery-codes-left] strong"), StringComparison.Ordinal);
        var audit = await AuditActionsAsync(DemoUsers.ContosoAdmin.UserName);
        Assert.Contains("two-step.recovery-code-used", audit);
        Assert.Contains("two-step.recovery-codes-renewed", audit);
        Assert.Contains("two-step.second-step-failed", audit);

        // Only hashes are stored: no code appears in the token table.
        var stored = await _site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().UserTokens.Where(t => t.Name == "RecoveryCodes").Select(t => t.Value).ToListAsync());
        Assert.NotEmpty(stored);
        Assert.DoesNotContain(stored, v => codes.Any(c => v!.Contains(c, StringComparison.OrdinalIgnoreCase) || v.Contains(c.Replace("-", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task An_administrators_reset_forces_set_up_mails_the_user_and_ends_their_sessions_another_organization_is_refused()
    {
        using var fullSession = await SignInWithCodeAsync(DemoUsers.ContosoFull, FullKey);
        var fullId = await _site.UserIdAsync(DemoUsers.ContosoFull.UserName);

        // Another organization's global administrator (a customer) cannot, nor can a partner user without the role.
        using var fabrikam = await SignInWithCodeAsync(DemoUsers.FabrikamAdmin, "FABRIKAMADMIN234");
        Assert.Equal(HttpStatusCode.Forbidden, (await fabrikam.PostFormAsync($"/account/users/{fullId}/reset-two-step", new(), tokenPage: "/admin")).StatusCode);
        using var sales = await _site.SignInAsync(DemoUsers.ContosoSales);
        Assert.Equal(HttpStatusCode.Forbidden, (await sales.PostFormAsync($"/account/users/{fullId}/reset-two-step", new(), tokenPage: "/admin")).StatusCode);

        using var admin = await SignInWithCodeAsync(DemoUsers.ContosoAdmin, AdminKey);
        var (_, users) = await admin.GetPageAsync("/portal/users");
        Assert.Equal("Authenticator app", HtmlPage.Text(users, $"[data-testid='two-step-{DemoUsers.ContosoFull.UserName}']").Split('\n')[0].Trim());
        var reset = await admin.PostFormAsync($"/account/users/{fullId}/reset-two-step", new() { ["returnUrl"] = "/portal/users" }, tokenPage: "/portal/users");
        Assert.Equal("/portal/users", Location(reset));

        // The user's open session ends within a minute; at the next sign-in only the set-up page opens.
        _clock.Advance(TimeSpan.FromSeconds(70));
        Assert.Contains("/account/signin", Location(await fullSession.GetAsync("/admin")), StringComparison.Ordinal);
        var (client, response) = await PasswordAsync(DemoUsers.ContosoFull);
        Assert.Equal("/admin", Location(response));
        Assert.Equal("/account/security", Location(await client.GetAsync("/admin")));
        Assert.Equal("/account/security", Location(await client.GetAsync("/partner/lookup")));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostFormAsync("/partner/customers/fabrikam/administer", new(), tokenPage: "/account/security")).StatusCode);
        var (_, security) = await client.GetPageAsync("/account/security");
        HtmlPage.AssertHas(security, "[data-testid=must-set-up]");

        var mail = await _site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<PartnerCms.Mail.Models.OutgoingMail>()
            .Where(m => m.To.Contains(DemoUsers.ContosoFull.UserName)).Select(m => m.Subject).ToListAsync());
        Assert.Contains("Your two-step sign-in was reset", mail);
        Assert.Contains("two-step.reset", await AuditActionsAsync(DemoUsers.ContosoFull.UserName));
    }

    [Fact]
    [Trait("Area", "Delegation")]
    public async Task The_users_page_says_a_delegated_team_member_needs_a_second_step_as_sign_in_does()
    {
        // helpdesk@ has no Full/Limited setting: their delegated access comes from the demo's Helpdesk team alone.
        using var admin = await SignInWithCodeAsync(DemoUsers.ContosoAdmin, AdminKey);
        var (_, users) = await admin.GetPageAsync("/portal/users");
        Assert.Contains("Required", HtmlPage.Text(users, $"[data-testid='two-step-{DemoUsers.ContosoHelpdesk.UserName}']"), StringComparison.Ordinal);
        Assert.DoesNotContain("Required", HtmlPage.Text(users, $"[data-testid='two-step-{DemoUsers.ContosoSales.UserName}']"), StringComparison.Ordinal);

        // Sign-in agrees: a password alone does not open the portal for the team member.
        using var helpdesk = await _site.SignInAsync(DemoUsers.ContosoHelpdesk);
        Assert.NotEqual(HttpStatusCode.OK, (await helpdesk.GetAsync("/partner")).StatusCode);
    }

    [Fact]
    public async Task A_customer_administrator_requires_it_of_every_user_and_they_must_set_it_up()
    {
        using var pat = await _site.SignInAsync(DemoUsers.FabrikamPat);
        Assert.Equal(HttpStatusCode.OK, (await pat.GetAsync("/admin")).StatusCode);

        // Only the organization's own global administrator may: not another organization's, not a user.
        Assert.Equal(HttpStatusCode.Forbidden, (await pat.PostFormAsync("/account/organization/two-step", new() { ["require"] = "true" }, tokenPage: "/admin")).StatusCode);
        using var admin = await SignInWithCodeAsync(DemoUsers.FabrikamAdmin, "FABRIKAMADMIN234");
        var required = await admin.PostFormAsync("/account/organization/two-step", new() { ["require"] = "true", ["returnUrl"] = "/portal/users" }, tokenPage: "/portal/users");
        Assert.Equal("/portal/users", Location(required));
        var (_, users) = await admin.GetPageAsync("/portal/users");
        Assert.Contains("Required, not set up", HtmlPage.Text(users, $"[data-testid='two-step-{DemoUsers.FabrikamPat.UserName}']"), StringComparison.Ordinal);

        // Pat's open session is held on the set-up page within a minute.
        _clock.Advance(TimeSpan.FromSeconds(70));
        var next = await pat.GetAsync("/admin");
        Assert.True(Location(next) is "/account/security" || Location(next).Contains("/account/signin", StringComparison.Ordinal), Location(next));
        using var again = await _site.SignInAsync(DemoUsers.FabrikamPat);
        Assert.Equal("/account/security", Location(await again.GetAsync("/portal")));
        _clock.Advance(TimeSpan.FromMinutes(5));
        await _site.DeliverEventsAsync();
        var audit = await _site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<PartnerCms.Audit.Models.AuditEntry>()
            .Where(e => e.CustomerOrganizationId == "fabrikam").Select(e => e.Action).ToListAsync());
        Assert.Contains("two-step.policy", audit);
    }

    [Fact]
    public async Task A_user_policy_does_not_require_may_have_the_browser_remembered_until_policy_requires_it()
    {
        using var sales = await _site.SignInAsync(DemoUsers.ContosoSales);
        var (_, setup) = await sales.GetPageAsync("/account/security/authenticator");
        var key = HtmlPage.Text(setup, "[data-testid=authenticator-key]").Replace(" ", string.Empty, StringComparison.Ordinal);
        var first = CodeFor(key);
        Assert.Equal(HttpStatusCode.OK, (await sales.PostFormAsync("/account/security/authenticator", new() { ["Code"] = first }, tokenPage: "/account/security/authenticator")).StatusCode);

        var (browser, response) = await PasswordAsync(DemoUsers.ContosoSales);
        var (_, step) = await browser.GetPageAsync(Location(response));
        HtmlPage.AssertHas(step, "input[name=RememberBrowser]");
        var remembered = await browser.PostFormAsync("/account/two-step", new() { ["Code"] = OtherCodeFor(key, first), ["RememberBrowser"] = "true" }, tokenPage: Location(response));
        Assert.Equal("/admin", Location(remembered));

        // The same browser signs in with the password alone next time; a required user is never remembered.
        await browser.PostFormAsync("/account/signout", new(), tokenPage: "/admin");
        var next = await browser.PostFormAsync("/account/signin", new() { ["UserName"] = DemoUsers.ContosoSales.UserName, ["Password"] = DemoUsers.ContosoSales.Password }, tokenPage: "/account/signin");
        Assert.Equal("/admin", Location(next));

        // Once policy requires it of the user (the organization requires it of everyone), the remembered browser asks again.
        using var admin = await SignInWithCodeAsync(DemoUsers.ContosoAdmin, AdminKey);
        await admin.PostFormAsync("/account/organization/two-step", new() { ["require"] = "true" }, tokenPage: "/portal/users");
        await browser.PostFormAsync("/account/signout", new(), tokenPage: "/admin");
        var required = await browser.PostFormAsync("/account/signin", new() { ["UserName"] = DemoUsers.ContosoSales.UserName, ["Password"] = DemoUsers.ContosoSales.Password }, tokenPage: "/account/signin");
        Assert.StartsWith("/account/two-step", Location(required), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_operator_finds_and_resets_anyones_methods_others_are_refused_the_page()
    {
        using var admin = await SignInWithCodeAsync(DemoUsers.ContosoAdmin, AdminKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/admin/two-step?userName=full%40contosopartners.example")).StatusCode);

        using var operatorClient = await SignInWithCodeAsync(DemoUsers.Operator, "PCMSOPERATORDEMO");
        var (status, page) = await operatorClient.GetPageAsync("/admin/two-step?userName=full%40contosopartners.example");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Authenticator app", HtmlPage.Text(page, "[data-testid=user-two-step]"), StringComparison.Ordinal);
        var fullId = await _site.UserIdAsync(DemoUsers.ContosoFull.UserName);
        var reset = await operatorClient.PostFormAsync($"/account/users/{fullId}/reset-two-step", new() { ["returnUrl"] = "/admin/two-step?userName=full%40contosopartners.example" }, tokenPage: "/admin/two-step");
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        var (_, after) = await operatorClient.GetPageAsync("/admin/two-step?userName=full%40contosopartners.example");
        Assert.Contains("None", HtmlPage.Text(after, "[data-testid=user-two-step]"), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "R16")]
    public async Task Giving_or_changing_delegated_access_needs_a_recent_second_step_other_edits_do_not()
    {
        using var admin = await SignInWithCodeAsync(DemoUsers.ContosoAdmin, AdminKey);
        var salesId = await _site.UserIdAsync(DemoUsers.ContosoSales.UserName);
        var edit = $"/portal/users/{salesId}/edit";
        _clock.Advance(TimeSpan.FromMinutes(16));

        // A change of name only: saved without a step.
        var rename = await admin.PostFormAsync(edit, new() { ["Input.UserName"] = DemoUsers.ContosoSales.UserName, ["Input.DisplayName"] = "Sam S.", ["Input.Roles"] = "Partner:Sales" }, tokenPage: edit);
        Assert.Equal("/portal/users", Location(rename));

        // Delegated access: asked for the step, and nothing is saved until it is passed.
        var give = await admin.PostFormAsync(edit, new() { ["Input.UserName"] = DemoUsers.ContosoSales.UserName, ["Input.DisplayName"] = "Sam S.", ["Input.Roles"] = "Partner:Sales", ["Input.DelegatedAccess"] = "Limited" }, tokenPage: edit);
        Assert.StartsWith("/account/step-up?returnUrl=", Location(give), StringComparison.Ordinal);
        var create = await admin.PostFormAsync("/portal/users/new", new() { ["Input.UserName"] = "delegate@contosopartners.example", ["Input.DisplayName"] = "Delegate", ["Input.DelegatedAccess"] = "Full" }, tokenPage: "/portal/users/new");
        Assert.StartsWith("/account/step-up?returnUrl=", Location(create), StringComparison.Ordinal);
        var access = await _site.AsSystemAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PartnerCmsUser>>();
            return ((await users.FindByNameAsync(DemoUsers.ContosoSales.UserName))!.DelegatedAccess, await users.FindByNameAsync("delegate@contosopartners.example"));
        });
        Assert.Equal(DelegatedAccess.None, access.DelegatedAccess);
        Assert.Null(access.Item2);

        Assert.Equal(edit, Location(await admin.PostFormAsync("/account/step-up", new() { ["Code"] = CodeFor(AdminKey, DateTime.UtcNow.AddSeconds(30)), ["ReturnUrl"] = edit }, tokenPage: "/account/step-up")));
        var given = await admin.PostFormAsync(edit, new() { ["Input.UserName"] = DemoUsers.ContosoSales.UserName, ["Input.DisplayName"] = "Sam S.", ["Input.Roles"] = "Partner:Sales", ["Input.DelegatedAccess"] = "Limited" }, tokenPage: edit);
        Assert.Equal("/portal/users", Location(given));
    }

    [Fact]
    public async Task Hostile_passkey_names_and_ids_get_a_message_and_a_whitespace_user_id_is_not_found()
    {
        using var admin = await SignInWithCodeAsync(DemoUsers.ContosoAdmin, AdminKey);
        foreach (var (id, name) in new[] { ("%20%20", "Laptop"), ("AAAA", "\0\0"), ("AAAA", new string('x', 5000)), (new string('A', 3000), "Laptop") })
        {
            // A blank id is not a route value and oversized input is refused by the request guard (4xx); the rest is
            // answered on the page with a message.
            var rename = await admin.PostFormAsync($"/account/security/passkeys/{id}/rename", new() { ["name"] = name }, tokenPage: "/account/security");
            Assert.True(rename.StatusCode == HttpStatusCode.Redirect || (int)rename.StatusCode is >= 400 and < 500, $"{(int)rename.StatusCode}");
            if (rename.StatusCode == HttpStatusCode.Redirect)
            {
                var (_, page) = await admin.GetPageAsync("/account/security");
                Assert.Contains(HtmlPage.Text(page, "[role=status]"), new[] { "That passkey is not one of yours.", "Give the passkey a name of at most 60 characters." });
            }

            var remove = await admin.PostFormAsync($"/account/security/passkeys/{id}/remove", new(), tokenPage: "/account/security");
            Assert.True(remove.StatusCode == HttpStatusCode.Redirect || (int)remove.StatusCode is >= 400 and < 500, $"{(int)remove.StatusCode}");
        }

        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostFormAsync("/account/users/%20%20/reset-two-step", new(), tokenPage: "/portal/users")).StatusCode);
        var noCredential = await admin.PostFormAsync("/account/security/passkeys", new() { ["Name"] = "x", ["Credential"] = "null" }, tokenPage: "/account/security");
        Assert.Equal(HttpStatusCode.Redirect, noCredential.StatusCode);
        var (_, security) = await admin.GetPageAsync("/account/security");
        Assert.Contains("The passkey was not added", HtmlPage.Text(security, "[role=status]"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_mfa_code_command_refuses_outside_development()
    {
        var exit = await _site.AsSystemAsync(async sp =>
        {
            var command = sp.GetServices<IPortalCommand>().Single(c => c.Name == "mfa code");
            return await command.RunAsync([DemoUsers.ContosoFull.UserName], TextWriter.Null, CancellationToken.None);
        });
        Assert.Equal(3, exit);
    }
}

public sealed class TwoStepSignInTestsOnSqlite() : TwoStepSignInTests(TestDatabase.Sqlite);

public sealed class TwoStepSignInTestsOnPostgres() : TwoStepSignInTests(TestDatabase.Postgres);

/// <summary>A required user without any method (no demo keys): set-up first, then the codes, then the portal.</summary>
[Trait("Area", "Mfa")]
public sealed class TwoStepSetUpTests : IAsyncLifetime
{
    private readonly PartnerCmsSite _site = new(TestDatabase.Sqlite, new Dictionary<string, string?>
    {
        ["Accounts:Mfa:Required"] = "true",
        ["Accounts:Mfa:DemoKeys"] = "false",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    [Trait("Rule", "R16")]
    public async Task A_required_user_reaches_nothing_before_setting_up_then_sees_ten_recovery_codes_once()
    {
        using var full = await _site.SignInAsync(DemoUsers.ContosoFull);
        foreach (var path in new[] { "/admin", "/partner/lookup", "/portal/users", "/partner/customers/fabrikam/reset-password" })
        {
            Assert.Equal("/account/security", (await full.GetAsync(path)).Headers.Location?.OriginalString);
        }

        var (_, setup) = await full.GetPageAsync("/account/security/authenticator");
        var key = HtmlPage.Text(setup, "[data-testid=authenticator-key]");
        Assert.Matches("^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$", key);
        var uri = HtmlPage.Text(setup, "[data-testid=otpauth-uri]");
        Assert.StartsWith("otpauth://totp/PartnerCms%3Afull%40contosopartners.example?secret=" + key.Replace(" ", string.Empty, StringComparison.Ordinal), uri, StringComparison.Ordinal);
        Assert.StartsWith("data:image/svg+xml;base64,", HtmlPage.Parse(setup).QuerySelector("[data-testid=qr] img")!.GetAttribute("src"), StringComparison.Ordinal);

        var wrong = await full.PostFormAsync("/account/security/authenticator", new() { ["Code"] = "000000" }, tokenPage: "/account/security/authenticator");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);

        var confirmed = await full.PostFormAsync("/account/security/authenticator", new() { ["Code"] = TwoStepSignInTests.CodeFor(key) }, tokenPage: "/account/security/authenticator");
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var codes = HtmlPage.All(await confirmed.Content.ReadAsStringAsync(), "[data-testid=recovery-codes] code");
        Assert.Equal(10, codes.Count);

        Assert.Equal(HttpStatusCode.OK, (await full.GetAsync("/admin")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await full.GetAsync("/partner/lookup")).StatusCode);

        // The only method of a required user cannot be removed.
        var remove = await full.PostFormAsync("/account/security/authenticator/remove", new(), tokenPage: "/account/security");
        Assert.Equal(HttpStatusCode.Redirect, remove.StatusCode);
        var (_, security) = await full.GetPageAsync("/account/security");
        HtmlPage.AssertHas(security, "[data-testid=authenticator-on]");
    }
}
