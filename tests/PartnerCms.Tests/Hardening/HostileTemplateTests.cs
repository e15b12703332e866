using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Tests.Infrastructure;

namespace PartnerCms.Tests.Hardening;

/// <summary>
/// Hostile Liquid through the marketing user's own screens: the live preview answers each with a message (400) and the
/// portal stays ready; a template that only fails when rendered is refused on save; the preview is rate-limited per user.
/// </summary>
[Trait("Area", "Hardening")]
[Trait("Rule", "R9")]
public sealed class HostileTemplateTests : IAsyncLifetime
{
    private const string Kind = "purchase-offer";
    private readonly PartnerCmsSite _site = new(TestDatabase.Sqlite, new Dictionary<string, string?> { ["Templates:PreviewsPerMinute"] = "20" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private static Dictionary<string, string> Form(string body) => new() { ["Subject"] = "Offer", ["Body"] = body + " {{ offer.link }}", ["Version"] = "0" };

    private static List<string> Hostile()
    {
        var doubling = new StringBuilder("{% assign s = 'ab' %}");
        for (var i = 0; i < 26; i++)
        {
            doubling.Append("{% capture s %}{{ s }}{{ s }}{% endcapture %}");
        }

        return new List<string>
        {
            string.Concat(Enumerable.Repeat("{% if true %}", 5000)) + string.Concat(Enumerable.Repeat("{% endif %}", 5000)),
            doubling.ToString(),
            "{{ (1..1000000000) | join: ',' }}",
            "{% assign n = 1000000000 %}{% for i in (1..n) %}{% endfor %}",
            "{% include 'anything' %}",
            "{% render 'anything' %}",
            "{{ offer.quote_id | replace: '', 'x' }}",
        };
    }

    [Fact]
    public async Task Every_hostile_template_gets_a_message_in_the_preview_and_the_portal_stays_ready()
    {
        using var marketing = await _site.SignInAsync(DemoUsers.ContosoMarketing);
        foreach (var body in Hostile())
        {
            var preview = await marketing.PostFormAsync($"/partner/templates/{Kind}/preview", Form(body), $"/partner/templates/{Kind}");
            var page = WebUtility.HtmlDecode(await preview.Content.ReadAsStringAsync());

            Assert.True(preview.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.OK, $"{(int)preview.StatusCode} for {body[..Math.Min(40, body.Length)]}");
            if (preview.StatusCode == HttpStatusCode.BadRequest)
            {
                Assert.Matches("at most|not available|nested more than|could not be rendered", page);
            }

            Assert.Equal(HttpStatusCode.OK, (await _site.Anonymous().GetAsync("/health/ready")).StatusCode);
        }
    }

    [Fact]
    public async Task A_hostile_template_that_reached_the_database_some_other_way_does_not_take_the_offer_page_down()
    {
        using var sales = await _site.SignInAsync(DemoUsers.ContosoSales);
        var quoteId = await Infrastructure.OfferSteps.CreateOfferAsync(sales, "purchase", "US", await Infrastructure.OfferSteps.OfficeAsync(_site, "contoso-partners", "RED-001"), [("INTUNE-P1", 5)]);
        foreach (var body in Hostile())
        {
            // Published behind the editor's back (an old version, a hand-written recipe, a database restore).
            await _site.AsSystemAsync(async sp =>
            {
                var templates = sp.GetRequiredService<PartnerCms.Templates.Services.MessageTemplateService>();
                var content = sp.GetRequiredService<PartnerCms.Core.Content.ContentManager>();
                var state = await templates.GetAsync("contoso-partners", Kind);
                var item = state!.Item ?? content.New(PartnerCms.Templates.Models.MessageTemplatePart.ContentType);
                item.OrganizationId = "contoso-partners";
                item.DisplayText = Kind;
                item.Apply(new PartnerCms.Templates.Models.MessageTemplatePart { Kind = Kind, Subject = "Offer", Body = body + " {{ offer.link }}" });
                if (state.Item is null)
                {
                    await content.CreateAsync(item, publish: true);
                }
                else
                {
                    await content.UpdateAsync(item);
                    await content.PublishAsync(item);
                }

                return true;
            });

            var (status, page) = await sales.GetPageAsync($"/partner/offers/{quoteId}");
            Assert.Equal(HttpStatusCode.OK, status);
            if (!body.Contains("replace", StringComparison.Ordinal))
            {
                // Refused at render: the page says so and shows a plain message with the link instead.
                HtmlPage.AssertHas(page, "[data-testid='message-problem']");
            }

            Assert.Equal(HttpStatusCode.OK, (await _site.Anonymous().GetAsync("/health/ready")).StatusCode);
        }
    }

    [Fact]
    public async Task A_template_that_parses_but_runs_away_with_sample_data_is_refused_on_save()
    {
        using var marketing = await _site.SignInAsync(DemoUsers.ContosoMarketing);

        var save = await marketing.PostFormAsync($"/partner/templates/{Kind}", Form("{% assign n = 50000 %}{% for i in (1..n) %}x{% endfor %}"), $"/partner/templates/{Kind}");

        Assert.Equal(HttpStatusCode.BadRequest, save.StatusCode);
        Assert.Contains("With sample data", WebUtility.HtmlDecode(await save.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task The_preview_is_rate_limited_per_user()
    {
        using var marketing = await _site.SignInAsync(DemoUsers.ContosoMarketing);
        var token = await marketing.AntiforgeryTokenAsync($"/partner/templates/{Kind}");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 25; i++)
        {
            var form = new Dictionary<string, string>(Form("Hello {{ partner.name }}")) { ["__RequestVerificationToken"] = token };
            statuses.Add((await marketing.Http.PostAsync($"/partner/templates/{Kind}/preview", new FormUrlEncodedContent(form))).StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.True(statuses.Count(s => s == HttpStatusCode.OK) <= 20);
        using var admin = await _site.SignInAsync(DemoUsers.ContosoAdmin);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/health/ready")).StatusCode);
    }
}
