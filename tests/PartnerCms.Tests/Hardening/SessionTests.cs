using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Tests.Infrastructure;

namespace PartnerCms.Tests.Hardening;

/// <summary>
/// Open sessions follow password resets, role changes and password changes within the one-minute security-stamp
/// interval (Identity's own validation, which a replaced cookie event once dropped). The clock is moved, not waited for.
/// </summary>
[Trait("Area", "Hardening")]
public sealed partial class SessionTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new();
    private readonly PartnerCmsSite _site;

    public SessionTests() => _site = new PartnerCmsSite(TestDatabase.Sqlite, services: services =>
    {
        services.AddSingleton<TimeProvider>(_clock);
        services.Configure<SecurityStampValidatorOptions>(o => o.TimeProvider = _clock);
    });

    public async Task InitializeAsync() => await _site.RunRecipeAsync("second-partner.recipe.json");

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [GeneratedRegex("data-testid=\"temporary-password\">([^<]+)<")]
    private static partial Regex TemporaryPassword();

    private static bool SentToSignIn(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/account/signin", StringComparison.Ordinal);

    [Fact]
    [Trait("Rule", "R6")]
    public async Task A_session_opened_before_a_partner_reset_the_password_is_signed_out_after_the_validation_interval()
    {
        var pat = DemoUsers.FabrikamPat;
        using var patSession = await _site.SignInAsync(pat);
        Assert.Equal(HttpStatusCode.OK, (await patSession.GetAsync("/admin")).StatusCode);

        using var full = await _site.SignInAsync(DemoUsers.ContosoFull);
        var reset = await full.PostFormAsync("/partner/customers/fabrikam/reset-password", new() { ["UserId"] = await _site.UserIdAsync(pat.UserName) });
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Matches(TemporaryPassword(), await reset.Content.ReadAsStringAsync());

        _clock.Advance(TimeSpan.FromSeconds(70));
        Assert.True(SentToSignIn(await patSession.GetAsync("/admin")), "The old session still works after the password was reset.");
        Assert.True(SentToSignIn(await patSession.GetAsync("/admin")));
    }

    [Fact]
    public async Task A_session_loses_a_role_the_global_administrator_removed_after_the_validation_interval()
    {
        using var helpdesk = await _site.SignInAsync(DemoUsers.TailspinHelpdesk);
        Assert.Equal(HttpStatusCode.OK, (await helpdesk.GetAsync("/portal/users")).StatusCode);

        using var admin = await _site.SignInAsync(DemoUsers.TailspinAdmin);
        var id = await _site.UserIdAsync(DemoUsers.TailspinHelpdesk.UserName);
        var edit = await admin.PostFormAsync($"/portal/users/{id}/edit",
            new() { ["Input.UserName"] = DemoUsers.TailspinHelpdesk.UserName, ["Input.DisplayName"] = "Helpdesk" }, tokenPage: $"/portal/users/{id}/edit");
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);

        _clock.Advance(TimeSpan.FromSeconds(70));
        var after = await helpdesk.GetAsync("/portal/users");
        Assert.True(SentToSignIn(after) || after.StatusCode == HttpStatusCode.Forbidden, $"The removed role still works: {(int)after.StatusCode}");
    }

    [Fact]
    public async Task Changing_ones_password_signs_out_the_other_sessions_and_keeps_this_one()
    {
        var robin = DemoUsers.FabrikamRobin;
        using var laptop = await _site.SignInAsync(robin);
        using var phone = await _site.SignInAsync(robin);

        var change = await laptop.PostFormAsync("/account/change-password",
            new() { ["CurrentPassword"] = robin.Password, ["NewPassword"] = "Robin-New-Pass-2026", ["ConfirmPassword"] = "Robin-New-Pass-2026" },
            tokenPage: "/account/change-password");
        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);

        _clock.Advance(TimeSpan.FromSeconds(70));
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/admin")).StatusCode);
        Assert.True(SentToSignIn(await phone.GetAsync("/admin")), "The other session survived the password change.");
    }
}
