using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Data;
using PartnerCms.Core.Jobs;
using PartnerCms.Templates.Services;
using PartnerCms.Tests.Infrastructure;

namespace PartnerCms.Tests.Cms;

/// <summary>
/// "Publish at" and "Unpublish at" on a message template and on the landing-page branding: the job runner runs them
/// when due (once, however many runners try, and after a restart), customers keep what was published until then,
/// Cancel and an edit end a publication's schedule, a time in the past is refused, and the audit trail and the history
/// say who scheduled what. Driven by a manual clock.
/// </summary>
[Trait("Area", "Cms")]
public abstract class ScheduledPublishingTests(TestDatabase database) : IAsyncLifetime
{
    private const string Kind = "purchase-offer";
    private const string Contoso = "contoso-partners";
    private readonly ManualClock _clock = new();
    private PartnerCmsSite _site = null!;

    public async Task InitializeAsync()
    {
        _site = new PartnerCmsSite(database, services: services => services.AddSingleton<TimeProvider>(_clock));
        await _site.RunRecipeAsync("second-partner.recipe.json");
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private static Dictionary<string, string> Form(string subject, string body, int version) => new()
    {
        ["subject"] = subject,
        ["body"] = body,
        ["version"] = version.ToString(CultureInfo.InvariantCulture),
    };

    private Task<IReadOnlyList<TemplateVersion>> HistoryAsync() =>
        _site.AsSystemAsync(sp => sp.GetRequiredService<MessageTemplateService>().HistoryAsync(Contoso, Kind));

    private Task<string> PublishedBodyAsync() =>
        _site.AsSystemAsync(async sp => (await sp.GetRequiredService<MessageTemplateService>().GetPublishedAsync(Contoso, Kind))?.Body ?? string.Empty);

    /// <summary>Two runners of the jobs at the same moment (as two nodes would).</summary>
    private Task RunJobsTwiceAsync()
    {
        var runner = _site.Services.GetRequiredService<JobRunner>();
        return Task.WhenAll(Task.Run(() => runner.RunDueAsync(CancellationToken.None)), Task.Run(() => runner.RunDueAsync(CancellationToken.None)));
    }

    private static string At(DateTime utc) => utc.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    [Fact]
    [Trait("Rule", "R9")]
    public async Task A_scheduled_draft_is_published_once_when_due_and_not_before_and_the_audit_trail_names_who_scheduled_it()
    {
        using var marketing = await _site.SignInAsync(DemoUsers.ContosoMarketing);
        var before = await PublishedBodyAsync();
        var latest = (await HistoryAsync()).FirstOrDefault(v => v.Latest)?.Version ?? 0;
        var body = "Scheduled hello from {{ partner.name }}: {{ offer.link }}";
        await marketing.PostFormAsync($"/partner/templates/{Kind}", Form("Offer {{ offer.quote_id }}", body, latest));
        var at = _clock.GetUtcNow().UtcDateTime.AddHours(2);

        var past = await marketing.PostFormAsync($"/partner/templates/{Kind}/schedule", new Dictionary<string, string> { ["publishAt"] = At(_clock.GetUtcNow().UtcDateTime.AddHours(-1)) });
        var pastPage = await past.Content.ReadAsStringAsync();
        var scheduled = await marketing.PostFormAsync($"/partner/templates/{Kind}/schedule", new Dictionary<string, string> { ["publishAt"] = At(at) });
        var (_, page) = await marketing.GetPageAsync($"/partner/templates/{Kind}");

        _clock.Advance(TimeSpan.FromHours(1));
        await RunJobsTwiceAsync();
        var stillBefore = await PublishedBodyAsync();

        _clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        await RunJobsTwiceAsync();
        await RunJobsTwiceAsync();
        var after = await PublishedBodyAsync();
        var history = await HistoryAsync();
        var (_, pageAfter) = await marketing.GetPageAsync($"/partner/templates/{Kind}");
        await _site.DeliverEventsAsync();
        var audit = await _site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<PartnerCms.Audit.Models.AuditEntry>()
            .AcrossOrganizations("test").Where(e => e.Action.StartsWith("template.")).OrderBy(e => e.OccurredUtc).ThenBy(e => e.Sequence)
            .Select(e => new { e.Action, e.ActorUserName, e.Outcome }).ToListAsync());

        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Contains("Choose a time (UTC)", pastPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, scheduled.StatusCode);
        Assert.Contains("scheduled by marketing@contosopartners.example", HtmlPage.Text(page, "[data-testid=scheduled] p"), StringComparison.Ordinal);
        Assert.Equal(before, stillBefore);
        Assert.Equal(body, after);
        Assert.Single(history, v => v.Body == body);
        Assert.Equal(body, history.Single(v => v.Published).Body);
        Assert.False(HtmlPage.Has(pageAfter, "[data-testid=scheduled]"));
        Assert.Equal(["template.publish-scheduled", "template.published"], audit.Select(a => a.Action));
        Assert.Equal("marketing@contosopartners.example", audit[0].ActorUserName);
        Assert.Equal("marketing@contosopartners.example (scheduled)", audit[1].ActorUserName);
    }

    [Fact]
    public async Task Cancel_and_an_edit_end_the_schedule_and_another_partner_cannot_cancel_it()
    {
        using var marketing = await _site.SignInAsync(DemoUsers.ContosoMarketing);
        var before = await PublishedBodyAsync();
        var latest = (await HistoryAsync()).FirstOrDefault(v => v.Latest)?.Version ?? 0;
        await marketing.PostFormAsync($"/partner/templates/{Kind}", Form("Offer {{ offer.quote_id }}", "First draft {{ offer.link }}", latest));
        var at = At(_clock.GetUtcNow().UtcDateTime.AddHours(2));

        await marketing.PostFormAsync($"/partner/templates/{Kind}/schedule", new Dictionary<string, string> { ["publishAt"] = at });
        using var woodgrove = await _site.SignInAsync(("admin@woodgrovepartners.example", "Woodgrove-Admin-2026"));
        await woodgrove.PostFormAsync($"/partner/templates/{Kind}/schedule/cancel", [], $"/partner/templates/{Kind}");
        var (_, stillScheduled) = await marketing.GetPageAsync($"/partner/templates/{Kind}");
        var cancelled = await marketing.PostFormAsync($"/partner/templates/{Kind}/schedule/cancel", []);
        var (_, afterCancel) = await marketing.GetPageAsync($"/partner/templates/{Kind}");

        await marketing.PostFormAsync($"/partner/templates/{Kind}/schedule", new Dictionary<string, string> { ["publishAt"] = at });
        var version = (await HistoryAsync()).Single(v => v.Latest).Version;
        var edited = await marketing.PostFormAsync($"/partner/templates/{Kind}", Form("Offer {{ offer.quote_id }}", "Second draft {{ offer.link }}", version));
        var (_, afterEdit) = await marketing.GetPageAsync($"/partner/templates/{Kind}");

        _clock.Advance(TimeSpan.FromHours(3));
        await RunJobsTwiceAsync();

        HtmlPage.AssertHas(stillScheduled, "[data-testid=scheduled]");
        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        Assert.False(HtmlPage.Has(afterCancel, "[data-testid=scheduled]"));
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Contains("scheduled publication was cancelled", WebUtility.HtmlDecode(afterEdit), StringComparison.Ordinal);
        Assert.False(HtmlPage.Has(afterEdit, "[data-testid=scheduled]"));
        Assert.Equal(before, await PublishedBodyAsync());
    }

    [Fact]
    [Trait("Rule", "R9")]
    public async Task A_campaign_text_published_at_one_time_and_taken_down_at_another_gives_way_to_the_default_and_only_its_partner_can_cancel()
    {
        using var marketing = await _site.SignInAsync(DemoUsers.ContosoMarketing);
        var defaultBody = await PublishedBodyAsync();
        var latest = (await HistoryAsync()).FirstOrDefault(v => v.Latest)?.Version ?? 0;
        var campaign = "Spring campaign from {{ partner.name }}: {{ offer.link }}";
        await marketing.PostFormAsync($"/partner/templates/{Kind}", Form("Spring offer {{ offer.quote_id }}", campaign, latest));
        var now = _clock.GetUtcNow().UtcDateTime;

        await marketing.PostFormAsync($"/partner/templates/{Kind}/schedule", new Dictionary<string, string> { ["publishAt"] = At(now.AddHours(1)) });
        var beforePublication = await marketing.PostFormAsync($"/partner/templates/{Kind}/schedule", new Dictionary<string, string> { ["unpublishAt"] = At(now.AddMinutes(30)) });
        var beforePublicationPage = WebUtility.HtmlDecode(await beforePublication.Content.ReadAsStringAsync());
        var takeDown = await marketing.PostFormAsync($"/partner/templates/{Kind}/schedule", new Dictionary<string, string> { ["unpublishAt"] = At(now.AddHours(3)) });
        using var woodgrove = await _site.SignInAsync(("admin@woodgrovepartners.example", "Woodgrove-Admin-2026"));
        await woodgrove.PostFormAsync($"/partner/templates/{Kind}/schedule/cancel", new Dictionary<string, string> { ["action"] = "unpublish" }, $"/partner/templates/{Kind}");
        var (_, scheduledPage) = await marketing.GetPageAsync($"/partner/templates/{Kind}");

        _clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        await RunJobsTwiceAsync();
        var during = await PublishedBodyAsync();
        var (_, duringPage) = await marketing.GetPageAsync($"/partner/templates/{Kind}");

        _clock.Advance(TimeSpan.FromHours(2));
        await RunJobsTwiceAsync();
        await RunJobsTwiceAsync();
        var after = await PublishedBodyAsync();
        var (_, afterPage) = await marketing.GetPageAsync($"/partner/templates/{Kind}");
        var history = await HistoryAsync();
        await _site.DeliverEventsAsync();
        var audit = await _site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<PartnerCms.Audit.Models.AuditEntry>()
            .AcrossOrganizations("test").Where(e => e.Action.StartsWith("template.")).OrderBy(e => e.OccurredUtc).ThenBy(e => e.Sequence)
            .Select(e => new { e.Action, e.ActorUserName, e.PartnerOrganizationId }).ToListAsync());

        Assert.Equal(HttpStatusCode.BadRequest, beforePublication.StatusCode);
        Assert.Contains("must come after the scheduled publication", beforePublicationPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, takeDown.StatusCode);
        HtmlPage.AssertHas(scheduledPage, "[data-testid=scheduled]");
        Assert.Contains("scheduled by marketing@contosopartners.example", HtmlPage.Text(scheduledPage, "[data-testid=unpublish-scheduled] p"), StringComparison.Ordinal);
        Assert.Equal(campaign, during);
        HtmlPage.AssertHas(duringPage, "[data-testid=unpublish-scheduled]");
        Assert.Equal(defaultBody, after);
        Assert.NotEqual(campaign, after);
        Assert.False(HtmlPage.Has(afterPage, "[data-testid=unpublish-scheduled]"));
        HtmlPage.AssertHas(afterPage, "[data-testid=default-in-use]");
        Assert.False(HtmlPage.Has(duringPage, "[data-testid=default-in-use]"));
        Assert.DoesNotContain(history, v => v.Published);
        Assert.Contains(history, v => v.Body == campaign);
        Assert.Equal(
            ["template.publish-scheduled", "template.unpublish-scheduled", "template.published", "template.unpublished"],
            audit.Where(a => a.PartnerOrganizationId == Contoso).Select(a => a.Action));
        Assert.Equal("marketing@contosopartners.example (scheduled)", audit.Single(a => a.Action == "template.unpublished").ActorUserName);
    }

    [Fact]
    public async Task Scheduled_branding_reaches_the_landing_page_when_due_and_is_taken_down_when_its_unpublication_is_due()
    {
        using var marketing = await _site.SignInAsync(DemoUsers.ContosoMarketing);
        using var sales = await _site.SignInAsync(DemoUsers.ContosoSales);
        var quote = await OfferSteps.CreateOfferAsync(sales, "purchase", "US", await OfferSteps.OfficeAsync(_site, Contoso, "RED-001"), [("INTUNE-P1", 3)]);
        var link = await OfferSteps.LinkPathAsync(sales, quote);
        using var visitor = _site.Anonymous();
        var headline = "Spring at Contoso: half price";
        var nothingToTakeDown = await marketing.PostFormAsync("/partner/branding/schedule", new Dictionary<string, string> { ["unpublishAt"] = At(_clock.GetUtcNow().UtcDateTime.AddHours(1)) }, "/partner/branding");
        var nothingToTakeDownPage = await nothingToTakeDown.Content.ReadAsStringAsync();
        var saved = await marketing.PostMultipartAsync("/partner/branding", Integration.BrandingTests.Form(headline), null, "/partner/branding");
        var now = _clock.GetUtcNow().UtcDateTime;

        var scheduled = await marketing.PostFormAsync("/partner/branding/schedule", new Dictionary<string, string> { ["publishAt"] = At(now.AddHours(1)) }, "/partner/branding");
        var takeDown = await marketing.PostFormAsync("/partner/branding/schedule", new Dictionary<string, string> { ["unpublishAt"] = At(now.AddHours(5)) }, "/partner/branding");
        var (_, brandingPage) = await marketing.GetPageAsync("/partner/branding");
        var (_, landingBefore) = await visitor.GetPageAsync(link);

        // The site's own job runner may hold the due job when the test's runners look (they skip a held job), so the
        // page is read again until the run has finished, for a bounded time.
        async Task<string> LandingOnceRunAsync(Func<string, bool> done)
        {
            var page = string.Empty;
            for (var attempt = 0; attempt < 40; attempt++)
            {
                await RunJobsTwiceAsync();
                (_, page) = await visitor.GetPageAsync(link);
                if (done(WebUtility.HtmlDecode(page)))
                {
                    break;
                }

                await Task.Delay(250);
            }

            return page;
        }

        _clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        var landingDuring = await LandingOnceRunAsync(page => page.Contains(headline, StringComparison.Ordinal));

        _clock.Advance(TimeSpan.FromHours(4));
        var landingAfter = await LandingOnceRunAsync(page => !page.Contains(headline, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, nothingToTakeDown.StatusCode);
        Assert.Contains("nothing to unpublish", HtmlPage.Text(nothingToTakeDownPage, "[data-testid=schedule-error]"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, scheduled.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, takeDown.StatusCode);
        HtmlPage.AssertHas(brandingPage, "[data-testid=scheduled]");
        HtmlPage.AssertHas(brandingPage, "[data-testid=unpublish-scheduled]");
        Assert.DoesNotContain(headline, WebUtility.HtmlDecode(landingBefore), StringComparison.Ordinal);
        Assert.Contains(headline, WebUtility.HtmlDecode(landingDuring), StringComparison.Ordinal);
        Assert.DoesNotContain(headline, WebUtility.HtmlDecode(landingAfter), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_publication_scheduled_before_a_restart_is_run_by_the_next_process_and_an_edited_branding_draft_is_not_published()
    {
        using (var marketing = await _site.SignInAsync(DemoUsers.ContosoMarketing))
        {
            var latest = (await HistoryAsync()).FirstOrDefault(v => v.Latest)?.Version ?? 0;
            await marketing.PostFormAsync($"/partner/templates/{Kind}", Form("Offer {{ offer.quote_id }}", "After the restart {{ offer.link }}", latest));
            await marketing.PostFormAsync($"/partner/templates/{Kind}/schedule", new Dictionary<string, string> { ["publishAt"] = At(_clock.GetUtcNow().UtcDateTime.AddHours(1)) });
            await marketing.PostMultipartAsync("/partner/branding", Integration.BrandingTests.Form("Scheduled, then edited"), null, "/partner/branding");
            await marketing.PostFormAsync("/partner/branding/schedule", new Dictionary<string, string> { ["publishAt"] = At(_clock.GetUtcNow().UtcDateTime.AddHours(1)) }, "/partner/branding");
            await marketing.PostMultipartAsync("/partner/branding", Integration.BrandingTests.Form("Edited after scheduling"), null, "/partner/branding");
        }

        // The process stops; another starts on the same database (its own job runner, the same clock) after the time.
        var settings = _site.DatabaseSettings.ToDictionary(p => p.Key, p => (string?)p.Value);
        await _site.DisposeAsync();
        _clock.Advance(TimeSpan.FromHours(2));
        _site = new PartnerCmsSite(database, settings, services => services.AddSingleton<TimeProvider>(_clock));
        // The new process's own job runner may hold the job's lease while this test's runners look (both then skip
        // it): run the jobs until the publication is seen, as a user would reload, for ten seconds at most.
        var published = string.Empty;
        for (var attempt = 0; attempt < 40; attempt++)
        {
            await RunJobsTwiceAsync();
            published = await PublishedBodyAsync();
            if (published == "After the restart {{ offer.link }}")
            {
                break;
            }

            await Task.Delay(250);
        }

        Assert.Equal("After the restart {{ offer.link }}", published);
        var branding = await _site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCms.Branding.Services.BrandingService>().LoadAsync(Contoso));
        Assert.NotEqual("Scheduled, then edited", branding.Published?.Headline);
        Assert.NotEqual("Edited after scheduling", branding.Published?.Headline);
        Assert.Equal("Edited after scheduling", branding.Draft.Headline);
    }
}

public sealed class ScheduledPublishingTestsOnSqlite() : ScheduledPublishingTests(TestDatabase.Sqlite);

public sealed class ScheduledPublishingTestsOnPostgres() : ScheduledPublishingTests(TestDatabase.Postgres);
