using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Tests.Infrastructure;
using static PartnerCms.Tests.Api.ApiSteps;

namespace PartnerCms.Tests.Api;

/// <summary>
/// Customers, relationships, service requests and the audit trail through the API, each with the pages' rules: exact
/// lookup only (R2–R3), service requests only for a customer that approved Service support (R23), a customer removing a
/// partner ends the relationship for both sides (R20), and the contract itself published at /openapi/v1.json.
/// </summary>
[Trait("Area", "Api")]
public abstract class ApiResourceTests(PartnerCmsSite site)
{
    private async Task<HttpClient> ClientAsync((string, string) user, params string[] scopes)
    {
        using var admin = await site.SignInAsync(user);
        var (id, secret) = await RegisterClientAsync(admin, "Tool " + Guid.NewGuid().ToString("N")[..6], scopes);
        using var anonymous = site.CreateClient();
        return Bearer(site, await TokenAsync(anonymous, id, secret));
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    [Fact]
    [Trait("Rule", "R2")]
    [Trait("Rule", "R3")]
    public async Task The_API_lookup_finds_a_customer_only_by_its_complete_name_and_refuses_wildcards()
    {
        using var api = await ClientAsync(DemoUsers.ContosoAdmin, "customers.read");

        var byDomain = await api.GetAsync("/api/v1/customers/lookup?q=FABRIKAM.example");
        var byUser = await api.GetAsync("/api/v1/customers/lookup?q=dana@fabrikam.example");
        var wildcard = await api.GetAsync("/api/v1/customers/lookup?q=fabri*");
        var partial = await api.GetAsync("/api/v1/customers/lookup?q=fabrikam");
        var partner = await api.GetAsync("/api/v1/customers/lookup?q=contosopartners.example");

        Assert.Equal(HttpStatusCode.OK, byDomain.StatusCode);
        Assert.Equal("fabrikam", (await JsonAsync(byDomain)).GetProperty("id").GetString());
        Assert.True((await JsonAsync(byDomain)).GetProperty("isDelegatedAdministrator").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, byUser.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wildcard.StatusCode);
        Assert.Contains("Wildcards are not supported", (await JsonAsync(wildcard)).GetProperty("errors").GetProperty("q")[0].GetString(), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, partial.StatusCode);
        Assert.True((int)partial.StatusCode is >= 400 and < 500);
        Assert.Equal(HttpStatusCode.NotFound, partner.StatusCode);
    }

    [Fact]
    [Trait("Rule", "R23")]
    public async Task A_service_request_is_opened_by_API_only_for_a_customer_that_approved_Service_support_and_the_customer_reads_it()
    {
        using var contoso = await ClientAsync(DemoUsers.ContosoAdmin, "service-requests.read", "service-requests.write");
        var body = new { customerId = "fabrikam", title = "Enrol the new laptops", description = "Forty devices arrive Monday.", severity = "high", contactName = "Dana", contactEmail = "dana@fabrikam.example" };

        var opened = await contoso.PostAsJsonAsync("/api/v1/service-requests", body);
        var request = await JsonAsync(opened);
        var id = request.GetProperty("id").GetInt64();
        var notAdministered = await contoso.PostAsJsonAsync("/api/v1/service-requests", body with { customerId = "litware" });
        var invalid = await contoso.PostAsJsonAsync("/api/v1/service-requests", body with { contactEmail = "not-an-address", title = "" });
        var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/service-requests/{id}/status") { Content = JsonContent.Create(new { status = "inProgress" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"0000000000000000\"");
        var refused = await contoso.SendAsync(stale);
        var current = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/service-requests/{id}/status") { Content = JsonContent.Create(new { status = "inProgress" }) };
        current.Headers.TryAddWithoutValidation("If-Match", opened.Headers.ETag!.Tag);
        var changed = await contoso.SendAsync(current);
        using var fabrikam = await ClientAsync(DemoUsers.FabrikamAdmin, "service-requests.read");
        var seenByCustomer = await fabrikam.GetAsync($"/api/v1/service-requests/{id}");
        var customerCannotChange = await fabrikam.PostAsJsonAsync($"/api/v1/service-requests/{id}/status", new { status = "closed" });

        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        Assert.Equal("fabrikam", request.GetProperty("customerId").GetString());
        Assert.StartsWith("API client Tool", request.GetProperty("createdBy").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, notAdministered.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await JsonAsync(invalid)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("title", out _) && errors.TryGetProperty("contactEmail", out _), errors.ToString());
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("inProgress", (await JsonAsync(changed)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, seenByCustomer.StatusCode);
        Assert.Equal("inProgress", (await JsonAsync(seenByCustomer)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, customerCannotChange.StatusCode);
    }

    [Fact]
    [Trait("Rule", "R20")]
    public async Task A_customer_removes_its_partner_by_API_and_the_partner_sees_the_relationship_removed_while_it_cannot_end_it_itself()
    {
        var (customerId, domain) = await OfferSteps.NewContosoCustomerAsync(site, delegated: true);
        using var partner = await ClientAsync(DemoUsers.ContosoAdmin, "relationships.read", "customers.read");
        var before = await JsonAsync(await partner.GetAsync($"/api/v1/relationships/{customerId}"));
        using var partnerWriter = await ClientAsync(DemoUsers.ContosoAdmin, "relationships.write");
        var partnerEnds = await partnerWriter.DeleteAsync($"/api/v1/relationships/{customerId}");
        using var customer = await ClientAsync(("admin@" + domain, "Visitor-Pass-2026"), "relationships.read", "relationships.write");
        var customerSees = await JsonAsync(await customer.GetAsync("/api/v1/relationships"));

        var removed = await customer.DeleteAsync("/api/v1/relationships/contoso-partners");
        var after = await JsonAsync(await partner.GetAsync($"/api/v1/relationships/{customerId}"));
        var customers = await JsonAsync(await partner.GetAsync("/api/v1/customers?limit=200"));
        var foreign = await customer.GetAsync("/api/v1/relationships/woodgrove-partners");

        Assert.Equal("active", before.GetProperty("status").GetString());
        Assert.Contains("GlobalAdministrator", before.GetProperty("approvedRoles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(HttpStatusCode.Conflict, partnerEnds.StatusCode);
        Assert.Contains(customerSees.GetProperty("items").EnumerateArray(), r => r.GetProperty("partnerId").GetString() == "contoso-partners");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal("removed", after.GetProperty("status").GetString());
        Assert.Empty(after.GetProperty("approvedRoles").EnumerateArray());
        Assert.Contains(customers.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetString() == customerId && c.GetProperty("relationshipStatus").GetString() == "removed");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }

    [Fact]
    public async Task Subscriptions_are_read_by_the_customer_and_by_the_partner_it_bought_through_and_by_no_other_partner()
    {
        var (customerId, domain) = await OfferSteps.NewContosoCustomerAsync(site, delegated: false);
        using var contoso = await ClientAsync(DemoUsers.ContosoAdmin, "subscriptions.read");
        using var customer = await ClientAsync(("admin@" + domain, "Visitor-Pass-2026"), "subscriptions.read");
        using var woodgrove = await ClientAsync(("admin@woodgrovepartners.example", "Woodgrove-Admin-2026"), "subscriptions.read");

        var partnerSees = await JsonAsync(await contoso.GetAsync($"/api/v1/subscriptions?customerId={customerId}"));
        var customerSees = await JsonAsync(await customer.GetAsync("/api/v1/subscriptions"));
        var otherSees = await JsonAsync(await woodgrove.GetAsync($"/api/v1/subscriptions?customerId={customerId}"));

        var trial = Assert.Single(partnerSees.GetProperty("items").EnumerateArray());
        Assert.Equal("INTUNE-P1-TRIAL", trial.GetProperty("sku").GetString());
        Assert.True(trial.GetProperty("isTrial").GetBoolean());
        Assert.Equal("contoso-partners", trial.GetProperty("advisorId").GetString());
        Assert.Equal(trial.GetProperty("id").GetString(), Assert.Single(customerSees.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        Assert.Empty(otherSees.GetProperty("items").EnumerateArray());
    }

    [Fact]
    [Trait("Rule", "R22")]
    public async Task The_audit_trail_is_read_by_API_newest_first_in_pages_and_names_the_client()
    {
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var (id, secret) = await RegisterClientAsync(admin, "Auditor " + Guid.NewGuid().ToString("N")[..6], ["audit.read", "offers.write"]);
        using var anonymous = site.CreateClient();
        using var api = Bearer(site, await TokenAsync(anonymous, id, secret));
        var office = await OfferSteps.OfficeAsync(site, "contoso-partners", "RED-001");
        var offer = await api.PostAsJsonAsync("/api/v1/offers", new { kind = "purchase", officeId = office, usageLocation = "US", lines = new[] { new { sku = "INTUNE-P1", licences = 5 } } });
        // Entries raised as events are appended by the outbox's dispatcher: read once they are delivered.
        await site.DeliverEventsAsync();

        var first = await JsonAsync(await api.GetAsync("/api/v1/audit-entries?limit=2"));
        var second = await JsonAsync(await api.GetAsync($"/api/v1/audit-entries?limit=2&cursor={first.GetProperty("nextCursor").GetString()}"));
        var created = await JsonAsync(await api.GetAsync("/api/v1/audit-entries?action=api-client.created&limit=200"));

        Assert.Equal(HttpStatusCode.Created, offer.StatusCode);
        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        Assert.True(first.GetProperty("items")[1].GetProperty("id").GetInt64() > second.GetProperty("items")[0].GetProperty("id").GetInt64());
        Assert.Contains(created.GetProperty("items").EnumerateArray(), e => e.GetProperty("target").GetString()!.Contains(id, StringComparison.Ordinal));
        Assert.All(created.GetProperty("items").EnumerateArray(), e => Assert.Equal("api-client.created", e.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task The_OpenAPI_document_is_public_describes_only_the_API_with_its_scopes_and_the_docs_page_is_served_by_the_portal()
    {
        using var anonymous = site.CreateClient();
        var document = await anonymous.GetAsync("/openapi/v1.json");
        var json = await JsonAsync(document);
        var docs = await anonymous.GetAsync("/api/docs");
        var paths = json.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Contains("/api/v1/offers", paths);
        Assert.Contains("/api/v1/service-requests", paths);
        Assert.All(paths, p => Assert.StartsWith("/api/v1/", p, StringComparison.Ordinal));
        Assert.Contains("offers.write", json.GetProperty("paths").GetProperty("/api/v1/offers").GetProperty("post").GetProperty("security")[0].GetProperty("oauth2").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Equal("text/html", docs.Content.Headers.ContentType?.MediaType);
    }

    private static IEnumerable<(string What, string Body)> HostileBodies()
    {
        var deep = new StringBuilder();
        for (var i = 0; i < 2000; i++)
        {
            deep.Append("{\"a\":");
        }

        deep.Append('1').Append('}', 2000);
        return
        [
            ("deep nesting", deep.ToString()),
            ("huge number", "{\"kind\":\"trial\",\"lines\":[{\"sku\":\"INTUNE-P1-TRIAL\",\"licences\":1e400}]}"),
            ("wrong types", "{\"kind\":5,\"lines\":\"many\",\"includesDelegatedAdministration\":\"yes\",\"eventTypes\":[99],\"status\":7}"),
            ("unknown fields", "{\"kind\":\"trial\",\"isAdmin\":true,\"organizationId\":\"woodgrove-partners\"}"),
            ("NUL bytes", "{\"kind\":\"trial\u0000\",\"officeId\":\"\u0000\",\"url\":\"https://a\u0000.example\",\"status\":\"open\u0000\"}"),
            ("null", "null"),
            ("null lines", "{\"kind\":\"purchase\",\"lines\":[null,{\"sku\":null,\"licences\":null}],\"eventTypes\":[null]}"),
            ("array", "[1,2,3]"),
            ("not JSON", "kind=trial"),
            ("empty", string.Empty),
            ("whitespace ids", "{\"kind\":\"delegated-admin\",\"officeId\":\"   \",\"customerId\":\"  \",\"roles\":[\" \"],\"url\":\"  \"}"),
        ];
    }

    [Fact]
    public async Task Hostile_JSON_bodies_get_a_4xx_ProblemDetails_never_a_5xx()
    {
        using var api = await ClientAsync(DemoUsers.ContosoAdmin, "offers.write", "service-requests.write", "relationships.write", "webhooks.manage");
        var paths = new[] { "/api/v1/offers", "/api/v1/service-requests", "/api/v1/relationships", "/api/v1/webhooks", "/api/v1/service-requests/1/status", "/api/v1/offers/Q-AAA-AAA/withdraw" };
        foreach (var (what, body) in HostileBodies())
        {
            foreach (var path in paths)
            {
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                var response = await api.PostAsync(path, content);
                Assert.True((int)response.StatusCode is >= 400 and < 500, $"{what} to {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ApiResourceTestsOnSqlite(SqliteSite shared) : ApiResourceTests(shared.Site);

[Collection(PostgresCollection.Name)]
public sealed class ApiResourceTestsOnPostgres(PostgresSite shared) : ApiResourceTests(shared.Site);

/// <summary>The per-client rate limit (Api:RequestsPerMinute) answers 429 with Retry-After, for that client only.</summary>
[Trait("Area", "Api")]
public sealed class ApiRateLimitTests
{
    [Fact]
    public async Task A_client_over_its_requests_per_minute_gets_429_with_Retry_After_and_another_client_is_not_slowed_and_token_guessing_is_slowed_too()
    {
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite, new Dictionary<string, string?> { ["Api:RequestsPerMinute"] = "3", ["Api:TokenRequestsPerMinute"] = "3" });
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var (busyId, busySecret) = await RegisterClientAsync(admin, "Busy", ["offers.read"]);
        var (calmId, calmSecret) = await RegisterClientAsync(admin, "Calm", ["offers.read"]);
        using var anonymous = site.CreateClient();
        using var busy = Bearer(site, await TokenAsync(anonymous, busyId, busySecret));
        using var calm = Bearer(site, await TokenAsync(anonymous, calmId, calmSecret));

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await busy.GetAsync("/api/v1/offers"));
        }

        var other = await calm.GetAsync("/api/v1/offers");
        // Two token requests above; a guessed secret is the third; the fourth is refused before any secret is checked.
        var guessed = await TokenResponseAsync(anonymous, busyId, busySecret + "guess");
        using var refused = await anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = calmId,
            ["client_secret"] = calmSecret,
        }));

        Assert.NotEqual(HttpStatusCode.OK, guessed.Status);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, guessed.Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 and <= 60 }, $"Retry-After: {refused.Headers.RetryAfter}");
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.All(answers.Take(3), a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[3].StatusCode);
        Assert.True(answers[3].Headers.RetryAfter?.Delta is { TotalSeconds: > 0 and <= 60 }, $"Retry-After: {answers[3].Headers.RetryAfter}");
        Assert.Equal("application/problem+json", answers[3].Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }
}

/// <summary>Administration → API: the operator sees every organization's clients and their 4xx/5xx, and switches the API off.</summary>
[Trait("Area", "Api")]
public sealed class ApiOperatorTests
{
    [Fact]
    public async Task The_operator_sees_clients_with_their_errors_and_switches_the_API_off_and_on_and_nobody_else_can()
    {
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite);
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var (id, secret) = await RegisterClientAsync(admin, "Counted", ["offers.read"]);
        using var anonymous = site.CreateClient();
        using var api = Bearer(site, await TokenAsync(anonymous, id, secret));
        await api.GetAsync("/api/v1/offers");
        await api.GetAsync("/api/v1/offers/Q-AAA-AAA");
        await api.GetAsync("/api/v1/offers?limit=0");
        await site.Services.GetRequiredService<PartnerCms.Api.Services.ApiUsage>().FlushAsync(CancellationToken.None);
        using var operatorClient = await site.SignInAsync(DemoUsers.Operator);

        var (status, page) = await operatorClient.GetPageAsync("/admin/api");
        var (adminStatus, _) = await admin.GetPageAsync("/admin/api");
        var off = await operatorClient.PostFormAsync("/admin/api/switch", new Dictionary<string, string> { ["on"] = "false" }, "/admin/api");
        var whileOff = await api.GetAsync("/api/v1/offers");
        var tokenWhileOff = await TokenResponseAsync(anonymous, id, secret);
        await operatorClient.PostFormAsync("/admin/api/switch", new Dictionary<string, string> { ["on"] = "true" }, "/admin/api");
        var afterOn = await api.GetAsync("/api/v1/offers");

        Assert.Equal(HttpStatusCode.OK, status);
        var row = HtmlPage.Parse(page).QuerySelector($"tr[data-client='{id}']");
        Assert.NotNull(row);
        Assert.Equal("3", row!.QuerySelector("[data-testid=requests]")!.TextContent.Trim());
        Assert.StartsWith("2", row.QuerySelector("[data-testid=client-errors]")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, adminStatus);
        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileOff.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, tokenWhileOff.Status);
        Assert.Equal(HttpStatusCode.OK, afterOn.StatusCode);
    }
}

/// <summary>What the API keeps is pruned: Idempotency-Key answers after a day, ended webhook deliveries after 30 days.</summary>
[Trait("Area", "Api")]
public sealed class ApiPruningTests
{
    [Fact]
    public async Task Old_idempotency_answers_and_old_finished_deliveries_are_pruned_and_recent_or_pending_ones_kept()
    {
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite);
        var now = DateTime.UtcNow;
        var left = await site.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<PartnerCms.Core.Data.PartnerCmsDbContext>();
            db.AddRange(
                new PartnerCms.Api.Models.ApiIdempotencyRecord { OrganizationId = "contoso-partners", ClientId = "c", Key = "old", RequestHash = "h", CreatedUtc = now.AddDays(-2), StatusCode = 201 },
                new PartnerCms.Api.Models.ApiIdempotencyRecord { OrganizationId = "contoso-partners", ClientId = "c", Key = "new", RequestHash = "h", CreatedUtc = now.AddHours(-1), StatusCode = 201 });
            foreach (var (id, status, age) in new[] { ("old-done", PartnerCms.Api.Models.WebhookDeliveryStatus.Succeeded, 40), ("old-pending", PartnerCms.Api.Models.WebhookDeliveryStatus.Pending, 40), ("new-done", PartnerCms.Api.Models.WebhookDeliveryStatus.Failed, 2) })
            {
                db.Add(new PartnerCms.Api.Models.WebhookDelivery { OrganizationId = "contoso-partners", EndpointId = "we", MessageId = id, EventType = "offer.created", Payload = "{}", Status = status, CreatedUtc = now.AddDays(-age), NextAttemptUtc = now.AddDays(1) });
            }

            await db.SaveChangesAsync();
            await ActivatorUtilities.CreateInstance<PartnerCms.Api.Services.PruneApiRecordsJob>(sp).RunAsync(sp, CancellationToken.None);
            var keys = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                PartnerCms.Core.Data.CrossOrganization.AcrossOrganizations(db.Set<PartnerCms.Api.Models.ApiIdempotencyRecord>(), "test").Select(r => r.Key));
            var messages = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                PartnerCms.Core.Data.CrossOrganization.AcrossOrganizations(db.Set<PartnerCms.Api.Models.WebhookDelivery>(), "test").Select(d => d.MessageId));
            return (keys, messages);
        });

        Assert.Equal(["new"], left.keys);
        Assert.Equal(["new-done", "old-pending"], left.messages.Order(StringComparer.Ordinal));
    }
}
