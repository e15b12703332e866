using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Api.Models;
using PartnerCms.Api.Services;
using PartnerCms.Core.Data;
using PartnerCms.Tests.Infrastructure;
using StandardWebhooks;
using static PartnerCms.Tests.Infrastructure.OfferSteps;

namespace PartnerCms.Tests.Api;

/// <summary>
/// Webhooks against a real HTTP receiver on loopback (allowed by the operator's setting in these tests only): signed as
/// Standard Webhooks says (verified with the StandardWebhooks package, which we did not write), retried with backoff,
/// redirects not followed, a slow receiver timed out, each event delivered once by several dispatchers.
/// </summary>
[Trait("Area", "Api")]
public sealed class WebhookTests
{
    private static Dictionary<string, string?> Settings(string? extraKey = null, string? extraValue = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Webhooks:AllowHttp"] = "true",
            ["Webhooks:AllowPrivateAddresses"] = "true",
            ["Webhooks:FirstRetryDelay"] = "00:00:00.300",
            ["Webhooks:Timeout"] = "00:00:01.500",
            ["Webhooks:PollInterval"] = "00:00:00.100",
        };
        if (extraKey is not null)
        {
            settings[extraKey] = extraValue;
        }

        return settings;
    }

    /// <summary>Adds an endpoint on the Webhooks page as Contoso's administrator; its id and the secret shown once.</summary>
    private static async Task<(string Id, string Secret)> AddEndpointAsync(PortalClient admin, string url, params string[] events)
    {
        var fields = new List<KeyValuePair<string, string>> { new("Url", url) };
        fields.AddRange(events.Select(e => new KeyValuePair<string, string>("EventTypes", e)));
        var response = await admin.PostFormAsync("/portal/webhooks", fields, "/portal/webhooks");
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Not added: {(int)response.StatusCode} {html}");
        var field = HtmlPage.Parse(html).QuerySelector("[data-testid=endpoint-secret]")!;
        return (field.GetAttribute("data-endpoint")!, field.GetAttribute("value")!);
    }

    private static Task<List<WebhookDelivery>> DeliveriesAsync(PartnerCmsSite site, string endpointId) => site.AsSystemAsync(sp =>
        sp.GetRequiredService<PartnerCmsDbContext>().Set<WebhookDelivery>().AcrossOrganizations("test").AsNoTracking().Where(d => d.EndpointId == endpointId).OrderBy(d => d.Id).ToListAsync());

    private static async Task<List<WebhookDelivery>> WaitForDeliveriesAsync(PartnerCmsSite site, string endpointId, Func<List<WebhookDelivery>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var deliveries = await DeliveriesAsync(site, endpointId);
            if (done(deliveries) || DateTime.UtcNow > deadline)
            {
                return deliveries;
            }

            await Task.Delay(100);
        }
    }

    [Fact]
    [Trait("Rule", "R9")]
    public async Task An_offer_made_in_the_wizard_is_posted_once_signed_with_the_endpoints_secret_and_logged()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite, Settings());
        // The demo's own events (its offers were created at set-up) are delivered before an endpoint exists: a backlog
        // still in the outbox on a loaded machine would otherwise be posted to the new endpoint too.
        await site.DeliverEventsAsync();
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var (endpointId, secret) = await AddEndpointAsync(admin, receiver.Url("/crm"), "offer.created", "offer.withdrawn");
        var (_, otherSecret) = await AddEndpointAsync(admin, receiver.Url("/billing"), "offer.accepted");

        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var quoteId = await CreateOfferAsync(sales, "purchase", "US", await OfficeAsync(site, "contoso-partners", "RED-001"), [("INTUNE-P1", 3)]);
        await site.DeliverEventsAsync();
        var posts = await receiver.WaitForAsync("/crm", 1);
        await Task.Delay(500);
        var (_, log) = await admin.GetPageAsync($"/portal/webhooks/{endpointId}");
        using var fabrikam = await site.SignInAsync(DemoUsers.FabrikamAdmin);
        var (foreignStatus, _) = await fabrikam.GetPageAsync($"/portal/webhooks/{endpointId}");

        var post = Assert.Single(receiver.Posts, p => p.Path == "/crm");
        new StandardWebhook(secret).Verify(post.Body, post.Headers);
        Assert.Throws<StandardWebhooks.Diagnostics.WebhookVerificationException>(() => new StandardWebhook(otherSecret).Verify(post.Body, post.Headers));
        var body = JsonDocument.Parse(post.Body).RootElement;
        Assert.Equal("offer.created", body.GetProperty("type").GetString());
        Assert.Equal(quoteId, body.GetProperty("data").GetProperty("quoteId").GetString());
        Assert.Equal(post.Headers["webhook-id"].ToString(), body.GetProperty("id").GetString());
        Assert.DoesNotContain(receiver.Posts, p => p.Path == "/billing");
        Assert.Single(posts);
        Assert.Equal("Succeeded", HtmlPage.Text(log, "[data-testid=delivery-status]"));
        Assert.Equal(HttpStatusCode.NotFound, foreignStatus);
    }

    [Fact]
    public async Task A_receiver_that_fails_twice_gets_the_same_event_again_after_backoff_and_succeeds_the_third_time()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = (_, n) => (n < 2 ? 503 : 204, TimeSpan.Zero, null);

        // A generous timeout: on a loaded CI machine a 1.5 s one can expire before the request reaches the receiver, which
        // is a fourth (correctly counted) attempt that this test is not about.
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite, Settings("Webhooks:Timeout", "00:00:15"));
        await site.DeliverEventsAsync();
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var (endpointId, secret) = await AddEndpointAsync(admin, receiver.Url("/flaky"), "offer.created");

        var test = await admin.PostFormAsync($"/portal/webhooks/{endpointId}/test", new Dictionary<string, string>(), $"/portal/webhooks/{endpointId}");
        var posts = await receiver.WaitForAsync("/flaky", 3);
        var deliveries = await WaitForDeliveriesAsync(site, endpointId, d => d.Count == 1 && d[0].Status == WebhookDeliveryStatus.Succeeded);

        // Three posts, unless the loaded machine kept an answer past the timeout: then that attempt counts as failed and
        // one more is made (at least once, as promised). Every post is a counted attempt of the one event.
        var all = receiver.Posts.Where(p => p.Path == "/flaky").ToList();
        Assert.Equal(HttpStatusCode.Redirect, test.StatusCode);
        Assert.True(posts.Count >= 3, $"{posts.Count} posts");
        Assert.Single(all.Select(p => p.Headers["webhook-id"].ToString()).Distinct());
        Assert.All(all, p => new StandardWebhook(secret).Verify(p.Body, p.Headers));
        Assert.True(posts[2].AtUtc - posts[1].AtUtc >= posts[1].AtUtc - posts[0].AtUtc - TimeSpan.FromMilliseconds(150), "The second retry waited no longer than the first.");
        var delivery = Assert.Single(deliveries);
        Assert.Equal(all.Count, delivery.Attempts);
        Assert.Equal(204, delivery.LastStatusCode);
    }

    [Fact]
    public async Task A_redirect_is_not_followed_and_a_receiver_that_does_not_answer_in_time_is_recorded_as_timed_out()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = (path, _) => path switch
        {
            "/moved" => (301, TimeSpan.Zero, (string?)receiver.Url("/elsewhere")),
            "/slow" => (200, TimeSpan.FromSeconds(4), (string?)null),
            _ => (200, TimeSpan.Zero, (string?)null),
        };
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite, Settings("Webhooks:RetryFor", "00:00:01"));
        await site.DeliverEventsAsync();
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var (moved, _) = await AddEndpointAsync(admin, receiver.Url("/moved"), "offer.created");
        var (slow, _) = await AddEndpointAsync(admin, receiver.Url("/slow"), "offer.created");

        await admin.PostFormAsync($"/portal/webhooks/{moved}/test", new Dictionary<string, string>(), $"/portal/webhooks/{moved}");
        await admin.PostFormAsync($"/portal/webhooks/{slow}/test", new Dictionary<string, string>(), $"/portal/webhooks/{slow}");
        var movedDeliveries = await WaitForDeliveriesAsync(site, moved, d => d.Count == 1 && d[0].Status == WebhookDeliveryStatus.Failed);
        var slowDeliveries = await WaitForDeliveriesAsync(site, slow, d => d.Count == 1 && d[0].Status == WebhookDeliveryStatus.Failed);

        Assert.Equal(301, movedDeliveries.Single().LastStatusCode);
        Assert.Equal(WebhookDeliveryStatus.Failed, movedDeliveries.Single().Status);
        Assert.DoesNotContain(receiver.Posts, p => p.Path == "/elsewhere");
        Assert.Equal(WebhookDeliveryStatus.Failed, slowDeliveries.Single().Status);
        Assert.Null(slowDeliveries.Single().LastStatusCode);
        Assert.Contains("No answer within", slowDeliveries.Single().LastResponse, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_endpoint_failing_for_longer_than_the_limit_is_switched_off_and_its_administrators_are_told()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = (_, _) => (500, TimeSpan.Zero, null);
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite, Settings("Webhooks:DisableAfter", "00:00:01"));
        await site.DeliverEventsAsync();
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var (endpointId, _) = await AddEndpointAsync(admin, receiver.Url("/down"), "offer.created");

        await admin.PostFormAsync($"/portal/webhooks/{endpointId}/test", new Dictionary<string, string>(), $"/portal/webhooks/{endpointId}");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        WebhookEndpoint? endpoint;
        do
        {
            await Task.Delay(200);
            endpoint = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<WebhookEndpoint>().AcrossOrganizations("test").AsNoTracking().SingleAsync(e => e.Id == endpointId));
        }
        while (endpoint.Enabled && DateTime.UtcNow < deadline);
        var (_, notifications) = await admin.GetPageAsync("/notifications");
        var (_, page) = await admin.GetPageAsync($"/portal/webhooks/{endpointId}");
        var sentBefore = receiver.Posts.Count;
        await admin.PostFormAsync($"/portal/webhooks/{endpointId}/test", new Dictionary<string, string>(), $"/portal/webhooks/{endpointId}");
        await Task.Delay(1000);

        Assert.False(endpoint.Enabled);
        Assert.Contains("failed for", endpoint.DisabledReason, StringComparison.Ordinal);
        Assert.Contains("A webhook endpoint was switched off", HtmlPage.Parse(notifications).Body!.TextContent, StringComparison.Ordinal);
        Assert.StartsWith("Off", HtmlPage.Text(page, "[data-testid=state]"), StringComparison.Ordinal);
        Assert.Equal(sentBefore, receiver.Posts.Count);
    }

    [Fact]
    public async Task Without_the_operators_settings_http_and_loopback_endpoints_are_refused()
    {
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite);
        await site.DeliverEventsAsync();
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var fields = new List<KeyValuePair<string, string>> { new("Url", "http://partner-crm.example/hook"), new("EventTypes", "offer.created") };

        var http = await admin.PostFormAsync("/portal/webhooks", fields, "/portal/webhooks");
        fields[0] = new("Url", "https://127.0.0.1/hook");
        var loopback = await admin.PostFormAsync("/portal/webhooks", fields, "/portal/webhooks");
        fields[0] = new("Url", "https://[::ffff:10.0.0.1]/hook");
        var mapped = await admin.PostFormAsync("/portal/webhooks", fields, "/portal/webhooks");

        Assert.Equal(HttpStatusCode.BadRequest, http.StatusCode);
        Assert.Contains("https://", HtmlPage.Text(await http.Content.ReadAsStringAsync(), "#url-error"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, loopback.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, mapped.StatusCode);
    }

    [Fact]
    public async Task Three_dispatchers_on_PostgreSQL_deliver_each_event_exactly_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var site = new PartnerCmsSite(TestDatabase.Postgres, Settings("Webhooks:Dispatch", "false"));
        await site.DeliverEventsAsync();
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var (endpointId, _) = await AddEndpointAsync(admin, receiver.Url("/many"), "offer.created");
        await site.AsSystemAsync(async sp =>
        {
            var webhooks = sp.GetRequiredService<WebhookService>();
            for (var i = 0; i < 60; i++)
            {
                Assert.True(await webhooks.SendTestAsync("contoso-partners", endpointId));
            }

            return true;
        });

        // Three dispatchers (as three nodes would run them) pass over the same queue at once until it is empty.
        var dispatchers = Enumerable.Range(0, 3).Select(_ => ActivatorUtilities.CreateInstance<WebhookDispatcher>(site.Services)).ToList();
        await Task.WhenAll(dispatchers.Select(async d =>
        {
            while (await d.DispatchDueAsync(CancellationToken.None) > 0)
            {
            }
        }));
        var deliveries = await DeliveriesAsync(site, endpointId);

        Assert.Equal(60, receiver.Posts.Count(p => p.Path == "/many"));
        Assert.Equal(60, receiver.Posts.Where(p => p.Path == "/many").Select(p => p.Headers["webhook-id"].ToString()).Distinct().Count());
        Assert.All(deliveries, d => Assert.Equal((WebhookDeliveryStatus.Succeeded, 1), (d.Status, d.Attempts)));
    }
}
