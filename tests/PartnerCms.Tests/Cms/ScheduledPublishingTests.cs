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
/// "Publish at" on a message template's draft: the job runner publishes it when due (once, however many runners try),
/// customers keep the published version until then, Cancel and an edit end the schedule, a time in the past is refused,
/// and the audit trail and the history say who scheduled what. Driven by a manual clock.
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
}

public sealed class ScheduledPublishingTestsOnSqlite() : ScheduledPublishingTests(TestDatabase.Sqlite);

public sealed class ScheduledPublishingTestsOnPostgres() : ScheduledPublishingTests(TestDatabase.Postgres);
