using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Data;
using PartnerCms.Offers.Models;
using PartnerCms.Offers.Services;
using PartnerCms.Tests.Infrastructure;
using static PartnerCms.Tests.Infrastructure.OfferSteps;

namespace PartnerCms.Tests.Cms;

/// <summary>The split and the verdict on their own: a visitor's variant is stable and the shares come near the set ratio; the two-proportion test said in words.</summary>
[Trait("Area", "Cms")]
public sealed class HeadlineExperimentMathTests
{
    [Fact]
    public void A_visitor_always_gets_the_same_variant_and_the_shares_come_near_the_split()
    {
        var visitors = Enumerable.Range(0, 20_000).Select(_ => HeadlineExperiments.NewVisitorId()).ToList();
        var thirty = visitors.Count(v => HeadlineExperiments.VariantFor(7, 30, v) == "B") / (double)visitors.Count;
        var half = visitors.Count(v => HeadlineExperiments.VariantFor(7, 50, v) == "B") / (double)visitors.Count;
        var again = visitors.Take(500).All(v => HeadlineExperiments.VariantFor(7, 30, v) == HeadlineExperiments.VariantFor(7, 30, v));
        var otherExperiment = visitors.Take(2_000).Count(v => HeadlineExperiments.VariantFor(7, 50, v) != HeadlineExperiments.VariantFor(8, 50, v)) / 2_000.0;

        Assert.InRange(thirty, 0.28, 0.32);
        Assert.InRange(half, 0.48, 0.52);
        Assert.True(again);
        // Another experiment splits the same visitors afresh (about half change sides), not the same halves every time.
        Assert.InRange(otherExperiment, 0.4, 0.6);
    }

    [Theory]
    [InlineData(1000, 50, 1000, 90, "B converts better, 99 % confidence.")]
    [InlineData(1000, 90, 1000, 50, "A converts better, 99 % confidence.")]
    [InlineData(1000, 50, 1000, 75, "B converts better, 95 % confidence.")]
    [InlineData(1000, 50, 1000, 70, "No clear difference yet (p = 0.06): keep the experiment running.")]
    [InlineData(20, 1, 20, 3, "Not enough data yet: keep the experiment running.")]
    [InlineData(0, 0, 10, 1, "Not enough data yet: each variant needs views.")]
    public void The_verdict_says_which_converts_better_with_what_confidence_or_that_there_is_not_enough_data(long viewsA, long acceptedA, long viewsB, long acceptedB, string verdict) =>
        Assert.Equal(verdict, HeadlineExperiments.Judge(viewsA, acceptedA, viewsB, acceptedB).Verdict);
}

/// <summary>
/// A headline experiment on Contoso's landing pages: started (now or at a date) by marketing, each visitor shown one
/// variant — the same on every visit — views, sign-ups and acceptances counted per variant and shown on the commerce
/// dashboard, stopped by hand or at its end date, and the winner published as the branding's headline with one click.
/// </summary>
[Trait("Area", "Cms")]
public abstract class HeadlineExperimentTests(TestDatabase database) : IAsyncLifetime
{
    private const string Contoso = "contoso-partners";
    private const string HeadlineB = "Your devices, managed in a day";
    private readonly ManualClock _clock = new();
    private PartnerCmsSite _site = null!;

    public async Task InitializeAsync()
    {
        _site = new PartnerCmsSite(database, services: services => services.AddSingleton<TimeProvider>(_clock));
        await _site.RunRecipeAsync("second-partner.recipe.json");
        await _site.DeliverEventsAsync();
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private static Dictionary<string, string> Form(string name = "Spring headline", int split = 50, string? startsAt = null, string? endsAt = null) => new()
    {
        ["Name"] = name,
        ["HeadlineA"] = "Intune, set up by {{ partner.name }}",
        ["IntroductionA"] = "We set it up.",
        ["HeadlineB"] = HeadlineB,
        ["IntroductionB"] = "Sign up today and we start tomorrow.",
        ["SplitB"] = split.ToString(CultureInfo.InvariantCulture),
        ["StartsAt"] = startsAt ?? string.Empty,
        ["EndsAt"] = endsAt ?? string.Empty,
    };

    private string At(TimeSpan fromNow) => _clock.GetUtcNow().UtcDateTime.Add(fromNow).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    private Task<HeadlineExperiment> LatestAsync() => _site.AsSystemAsync(sp =>
        sp.GetRequiredService<PartnerCmsDbContext>().Set<HeadlineExperiment>().AcrossOrganizations("test").AsNoTracking().OrderByDescending(e => e.Id).FirstAsync());

    private Task<List<HeadlineExperimentTally>> TalliesAsync(long id) => _site.AsSystemAsync(sp =>
        sp.GetRequiredService<PartnerCmsDbContext>().Set<HeadlineExperimentTally>().AcrossOrganizations("test").AsNoTracking().Where(t => t.ExperimentId == id).OrderBy(t => t.Variant).ToListAsync());

    private static string? Headline(string html) => HtmlPage.Parse(html).QuerySelector("[data-testid=partner-headline]")?.TextContent.Trim();

    /// <summary>A new visitor (own cookies) opens the link: the visitor id the portal gave them and the page they saw.</summary>
    private async Task<(PortalClient Client, string Visitor, string Page)> NewVisitorAsync(string link)
    {
        var client = _site.Anonymous();
        var response = await client.GetAsync(link);
        var cookie = response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.FirstOrDefault(c => c.StartsWith(HeadlineExperiments.VisitorCookie + "=", StringComparison.Ordinal)) : null;
        var visitor = cookie?.Split(';')[0].Split('=')[1] ?? string.Empty;
        return (client, visitor, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Each_visitor_sees_one_variant_every_time_conversions_count_for_it_and_the_winner_is_published_with_one_click()
    {
        using var sales = await _site.SignInAsync(DemoUsers.ContosoSales);
        var quote = await CreateOfferAsync(sales, "purchase", "US", await OfficeAsync(_site, Contoso, "RED-001"), [("INTUNE-P1", 3)]);
        var link = await LinkPathAsync(sales, quote);
        using var marketing = await _site.SignInAsync(DemoUsers.ContosoMarketing);
        var (_, before) = await _site.Anonymous().GetPageAsync(link);
        var started = await marketing.PostFormAsync("/partner/experiments", Form(), "/partner/experiments");
        var experiment = await LatestAsync();

        // Visitors until both variants were seen; each visitor opens the page twice.
        var seen = new List<(PortalClient Client, string Visitor, string Variant, string First, string Second)>();
        for (var i = 0; i < 60 && seen.Select(s => s.Variant).Distinct().Count() < 2; i++)
        {
            var (client, visitor, first) = await NewVisitorAsync(link);
            var (_, second) = await client.GetPageAsync(link);
            seen.Add((client, visitor, HeadlineExperiments.VariantFor(experiment.Id, 50, visitor), first, second));
        }

        var inB = seen.First(s => s.Variant == "B");
        var accepted = await SignUpAsync(inB.Client, link, NewDomain(), new Dictionary<string, int>(StringComparer.Ordinal) { ["INTUNE-P1"] = 3 });
        using var french = _site.Anonymous();
        var (_, frenchPage) = await french.GetPageAsync(link + "&lang=fr-FR");
        await _site.Services.GetRequiredService<ExperimentViewCounter>().FlushAsync();
        var tallies = await TalliesAsync(experiment.Id);
        var (_, dashboard) = await sales.GetPageAsync("/partner/commerce");

        var published = await marketing.PostFormAsync($"/partner/experiments/{experiment.Id}/publish", new Dictionary<string, string> { ["variant"] = "B" }, "/partner/experiments");
        var (_, afterA) = await seen.First(s => s.Variant == "A").Client.GetPageAsync(link);
        var (_, newcomer) = await _site.Anonymous().GetPageAsync(link);
        var decided = await LatestAsync();

        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        Assert.NotEqual(HeadlineB, Headline(before));
        Assert.All(seen, s => Assert.Equal(s.Variant == "B" ? HeadlineB : "Intune, set up by Contoso Partners", Headline(s.First)));
        Assert.All(seen, s => Assert.Equal(Headline(s.First), Headline(s.Second)));
        Assert.Equal(HttpStatusCode.OK, accepted.Status);
        Assert.NotEqual(HeadlineB, Headline(frenchPage));
        Assert.Equal(2 * seen.Count(s => s.Variant == "A"), tallies[0].Views);
        Assert.Equal(2 * seen.Count(s => s.Variant == "B"), tallies[1].Views);
        Assert.Equal((0, 0), (tallies[0].SignUps, tallies[0].Acceptances));
        Assert.Equal((1, 1), (tallies[1].SignUps, tallies[1].Acceptances));
        var results = HtmlPage.Parse(dashboard).QuerySelector($"[data-experiment='{experiment.Id}']")!;
        Assert.Equal(tallies[1].Views.ToString("N0", CultureInfo.InvariantCulture), results.QuerySelector("tr[data-variant=B] [data-testid=views]")!.TextContent);
        Assert.Equal("1", results.QuerySelector("tr[data-variant=B] [data-testid=acceptances]")!.TextContent);
        Assert.Contains("Not enough data yet", results.QuerySelector("[data-testid=verdict]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        Assert.Equal(HeadlineB, Headline(afterA));
        Assert.Equal(HeadlineB, Headline(newcomer));
        Assert.Equal("B", decided.Winner);
        Assert.NotNull(decided.StoppedUtc);
    }

    [Fact]
    public async Task An_experiment_starts_and_ends_at_its_dates_is_stopped_by_hand_and_bad_input_or_other_people_are_refused()
    {
        using var sales = await _site.SignInAsync(DemoUsers.ContosoSales);
        var quote = await CreateOfferAsync(sales, "purchase", "US", await OfficeAsync(_site, Contoso, "RED-001"), [("INTUNE-P1", 3)]);
        var link = await LinkPathAsync(sales, quote);
        using var marketing = await _site.SignInAsync(DemoUsers.ContosoMarketing);
        var badSplit = await marketing.PostFormAsync("/partner/experiments", Form(split: 0), "/partner/experiments");
        var notANumber = await marketing.PostFormAsync("/partner/experiments", new Dictionary<string, string>(Form()) { ["SplitB"] = "half" }, "/partner/experiments");
        var badLiquid = await marketing.PostFormAsync("/partner/experiments", new Dictionary<string, string>(Form()) { ["HeadlineB"] = "{% for x in (1..3) %}" }, "/partner/experiments");
        var sameTwice = await marketing.PostFormAsync("/partner/experiments", new Dictionary<string, string>(Form()) { ["HeadlineB"] = "Intune, set up by {{ partner.name }}", ["IntroductionB"] = "We set it up." }, "/partner/experiments");
        var endBeforeStart = await marketing.PostFormAsync("/partner/experiments", Form(startsAt: At(TimeSpan.FromHours(2)), endsAt: At(TimeSpan.FromHours(1))), "/partner/experiments");
        var badDate = await marketing.PostFormAsync("/partner/experiments", Form(startsAt: "next tuesday"), "/partner/experiments");
        var farAway = await marketing.PostFormAsync("/partner/experiments", Form(startsAt: "9999-12-31T23:59"), "/partner/experiments");
        var bySales = await sales.PostFormAsync("/partner/experiments", Form(), "/partner");

        // Only B, and only from an hour from now until three hours from now.
        var scheduled = await marketing.PostFormAsync("/partner/experiments", Form(split: 99, startsAt: At(TimeSpan.FromHours(1)), endsAt: At(TimeSpan.FromHours(3))), "/partner/experiments");
        var second = await marketing.PostFormAsync("/partner/experiments", Form(name: "Another"), "/partner/experiments");
        var experiment = await LatestAsync();
        var visitor = HeadlineExperiments.NewVisitorId();
        while (HeadlineExperiments.VariantFor(experiment.Id, 99, visitor) != "B")
        {
            visitor = HeadlineExperiments.NewVisitorId();
        }

        async Task<string?> SeenAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, link);
            request.Headers.Add("Cookie", HeadlineExperiments.VisitorCookie + "=" + visitor);
            var response = await _site.Anonymous().Http.SendAsync(request);
            return Headline(await response.Content.ReadAsStringAsync());
        }

        var beforeStart = await SeenAsync();
        _clock.Advance(TimeSpan.FromHours(1.5));
        var during = await SeenAsync();
        _clock.Advance(TimeSpan.FromHours(2));
        var afterEnd = await SeenAsync();
        var (_, page) = await marketing.GetPageAsync("/partner/experiments");

        var restarted = await marketing.PostFormAsync("/partner/experiments", Form(name: "Open-ended", split: 99), "/partner/experiments");
        var open = await LatestAsync();
        using var woodgrove = await _site.SignInAsync(DemoUsers.WoodgroveAdmin);
        var foreignStop = await woodgrove.PostFormAsync($"/partner/experiments/{open.Id}/stop", [], "/partner/experiments");
        var foreignPublish = await woodgrove.PostFormAsync($"/partner/experiments/{open.Id}/publish", new Dictionary<string, string> { ["variant"] = "B" }, "/partner/experiments");
        var badVariant = await marketing.PostFormAsync($"/partner/experiments/{open.Id}/publish", new Dictionary<string, string> { ["variant"] = "C" }, "/partner/experiments");
        visitor = HeadlineExperiments.NewVisitorId();
        while (HeadlineExperiments.VariantFor(open.Id, 99, visitor) != "B")
        {
            visitor = HeadlineExperiments.NewVisitorId();
        }

        var draft = Integration.BrandingTests.Form(headline: "Unfinished draft headline");
        Assert.Equal(HttpStatusCode.Redirect, (await marketing.PostMultipartAsync("/partner/branding", draft, null, "/partner/branding")).StatusCode);
        var withDraft = await marketing.PostFormAsync($"/partner/experiments/{open.Id}/publish", new Dictionary<string, string> { ["variant"] = "B" }, "/partner/experiments");
        var (_, brandingPage) = await marketing.GetPageAsync("/partner/branding");
        var whileOpen = await SeenAsync();
        var stopped = await marketing.PostFormAsync($"/partner/experiments/{open.Id}/stop", [], "/partner/experiments");
        var afterStop = await SeenAsync();

        string Text(HttpResponseMessage r) => WebUtility.HtmlDecode(r.Content.ReadAsStringAsync().Result);
        foreach (var refused in new[] { badSplit, notANumber, badLiquid, sameTwice, endBeforeStart, badDate, farAway })
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        Assert.Contains("Between 1 and 99 percent", Text(badSplit), StringComparison.Ordinal);
        Assert.Contains("Between 1 and 99 percent", Text(notANumber), StringComparison.Ordinal);
        Assert.Contains("B is the same as A", Text(sameTwice), StringComparison.Ordinal);
        Assert.Contains("The end must be after the start", Text(endBeforeStart), StringComparison.Ordinal);
        Assert.Contains("A date and time (UTC)", Text(badDate), StringComparison.Ordinal);
        Assert.Contains("Start within a year", Text(farAway), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, bySales.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, scheduled.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("Another experiment is open", Text(second), StringComparison.Ordinal);
        Assert.NotEqual(HeadlineB, beforeStart);
        Assert.Equal(HeadlineB, during);
        Assert.NotEqual(HeadlineB, afterEnd);
        Assert.Contains("Ended", HtmlPage.Parse(page).QuerySelector($"[data-experiment='{experiment.Id}'] [data-testid=experiment-status]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, restarted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreignStop.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreignPublish.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, badVariant.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, withDraft.StatusCode);
        Assert.Contains("on the branding page first", Text(withDraft), StringComparison.Ordinal);
        Assert.Equal("Unfinished draft headline", HtmlPage.Parse(brandingPage).QuerySelector("#Headline")!.GetAttribute("value"));
        Assert.Equal(HeadlineB, whileOpen);
        Assert.Equal(HttpStatusCode.Redirect, stopped.StatusCode);
        Assert.NotEqual(HeadlineB, afterStop);
    }
}

public sealed class HeadlineExperimentTestsOnSqlite() : HeadlineExperimentTests(TestDatabase.Sqlite);

public sealed class HeadlineExperimentTestsOnPostgres() : HeadlineExperimentTests(TestDatabase.Postgres);
