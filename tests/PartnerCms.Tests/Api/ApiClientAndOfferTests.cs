using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Data;
using PartnerCms.Core.Events;
using PartnerCms.Tests.Infrastructure;
using static PartnerCms.Tests.Api.ApiSteps;

namespace PartnerCms.Tests.Api;

/// <summary>
/// The public API from the outside: a partner's global administrator registers a client on the page, the client gets a
/// token and works with offers exactly as the wizard does — and is refused as the wrong organization (404), without
/// the scope (403), once revoked (401), with a stale If-Match (412), and replays an Idempotency-Key instead of doing twice.
/// </summary>
[Trait("Area", "Api")]
public abstract class ApiClientAndOfferTests(PartnerCmsSite site)
{
    private static readonly (string, string) WoodgroveAdmin = ("admin@woodgrovepartners.example", "Woodgrove-Admin-2026");

    private async Task<string> OfficeIdAsync() => await OfferSteps.OfficeAsync(site, "contoso-partners", "RED-001");

    private async Task<object> TrialAsync() => new { kind = "trial", officeId = await OfficeIdAsync(), usageLocation = "US", lines = new[] { new { sku = "INTUNE-P1-TRIAL", licences = 0 } } };

    private async Task<HttpClient> ClientAsync(params string[] scopes)
    {
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var (id, secret) = await RegisterClientAsync(admin, "CRM " + Guid.NewGuid().ToString("N")[..6], scopes);
        using var anonymous = site.CreateClient();
        return Bearer(site, await TokenAsync(anonymous, id, secret));
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    [Fact]
    [Trait("Rule", "R9")]
    [Trait("Rule", "R11")]
    public async Task An_offer_created_by_API_is_the_wizards_offer_listed_with_link_and_funnel_and_raises_the_same_event()
    {
        using var api = await ClientAsync("offers.read", "offers.write");

        var created = await api.PostAsJsonAsync("/api/v1/offers", await TrialAsync());
        var offer = await JsonAsync(created);
        var quoteId = offer.GetProperty("quoteId").GetString()!;
        var detail = await JsonAsync(await api.GetAsync($"/api/v1/offers/{quoteId}"));
        var list = await JsonAsync(await api.GetAsync("/api/v1/offers?limit=200"));
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var (dashboardStatus, dashboard) = await sales.GetPageAsync("/partner/commerce");
        var events = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<OutboxMessage>()
            .Where(m => m.Type.Contains("OfferCreated") && m.Payload.Contains(quoteId)).Select(m => m.Payload).ToListAsync());

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/v1/offers/{quoteId}", created.Headers.Location?.OriginalString);
        Assert.NotNull(created.Headers.ETag);
        Assert.Equal("trial", offer.GetProperty("kind").GetString());
        Assert.Equal("active", detail.GetProperty("status").GetString());
        Assert.Contains($"/offers/{quoteId}", detail.GetProperty("link").GetString(), StringComparison.Ordinal);
        Assert.Contains(detail.GetProperty("link").GetString()!, detail.GetProperty("messageBody").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, detail.GetProperty("funnel").GetProperty("acceptances").GetInt32());
        Assert.StartsWith("API client CRM", detail.GetProperty("createdBy").GetString(), StringComparison.Ordinal);
        Assert.Contains(list.GetProperty("items").EnumerateArray(), o => o.GetProperty("quoteId").GetString() == quoteId);
        Assert.Equal(HttpStatusCode.OK, dashboardStatus);
        Assert.Contains(quoteId, HtmlPage.Parse(dashboard).Body!.TextContent, StringComparison.Ordinal);
        Assert.Single(events);
    }

    [Fact]
    public async Task The_wrong_organization_gets_404_a_missing_scope_403_no_token_401_and_the_wizards_rules_give_field_errors()
    {
        using var writer = await ClientAsync("offers.read", "offers.write");
        using var reader = await ClientAsync("offers.read");
        var quoteId = (await JsonAsync(await writer.PostAsJsonAsync("/api/v1/offers", await TrialAsync()))).GetProperty("quoteId").GetString()!;
        using var woodgroveAdmin = await site.SignInAsync(WoodgroveAdmin);
        var (woodgroveId, woodgroveSecret) = await RegisterClientAsync(woodgroveAdmin, "Woodgrove CRM", ["offers.read", "offers.write"]);
        using var anonymous = site.CreateClient();
        using var woodgrove = Bearer(site, await TokenAsync(anonymous, woodgroveId, woodgroveSecret));

        var foreign = await woodgrove.GetAsync($"/api/v1/offers/{quoteId}");
        var foreignWithdraw = await woodgrove.PostAsync($"/api/v1/offers/{quoteId}/withdraw", null);
        var noScope = await reader.PostAsJsonAsync("/api/v1/offers", await TrialAsync());
        var noToken = await anonymous.GetAsync("/api/v1/offers");
        var invalid = await writer.PostAsJsonAsync("/api/v1/offers", new { kind = "purchase", officeId = await OfficeIdAsync(), usageLocation = "US", lines = new[] { new { sku = "INTUNE-P1", licences = 0 } } });
        var badKind = await writer.PostAsJsonAsync("/api/v1/offers", new { kind = "gift" });
        var tooMany = await writer.GetAsync("/api/v1/offers?limit=201");
        var badCursor = await writer.GetAsync("/api/v1/offers?cursor=not-ours");

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal("application/problem+json", foreign.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, foreignWithdraw.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, noScope.StatusCode);
        Assert.Contains("offers.write", (await JsonAsync(noScope)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        Assert.Equal("application/problem+json", noToken.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.True((await JsonAsync(invalid)).GetProperty("errors").EnumerateObject().Any(), "The field errors are missing.");
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
        Assert.True((await JsonAsync(badKind)).GetProperty("errors").TryGetProperty("kind", out _));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.True((await JsonAsync(tooMany)).GetProperty("errors").TryGetProperty("limit", out _));
        Assert.Equal(HttpStatusCode.BadRequest, badCursor.StatusCode);
    }

    [Fact]
    public async Task A_retried_POST_with_the_same_Idempotency_Key_makes_one_offer_another_body_is_422_and_a_stale_If_Match_is_412()
    {
        using var api = await ClientAsync("offers.read", "offers.write");
        var key = Guid.NewGuid().ToString();
        var body = JsonSerializer.Serialize(await TrialAsync());
        Task<HttpResponseMessage> PostAsync(string json, string? withKey = null)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/offers") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            request.Headers.Add("Idempotency-Key", withKey ?? key);
            return api.SendAsync(request);
        }

        Task<int> OffersAsync() => site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<PartnerCms.Offers.Models.OfferIndex>()
            .AcrossOrganizations("test").CountAsync(i => i.OrganizationId == "contoso-partners"));
        var offersBefore = await OffersAsync();
        var first = await PostAsync(body);
        var retry = await PostAsync(body);
        var other = await PostAsync(body.Replace("\"US\"", "\"DE\"", StringComparison.Ordinal));
        var quoteId = (await JsonAsync(first)).GetProperty("quoteId").GetString()!;
        // Two copies of one request at the same moment (a client that timed out and retried at once): one offer.
        var twinKey = Guid.NewGuid().ToString();
        var twins = await Task.WhenAll(PostAsync(body, twinKey), PostAsync(body, twinKey));
        var twinQuotes = new List<string?>();
        foreach (var twin in twins)
        {
            twinQuotes.Add(twin.StatusCode == HttpStatusCode.Created ? (await JsonAsync(twin)).GetProperty("quoteId").GetString() : null);
        }

        var offersAfter = await OffersAsync();

        var read = await api.GetAsync($"/api/v1/offers/{quoteId}");
        var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/offers/{quoteId}/withdraw");
        stale.Headers.TryAddWithoutValidation("If-Match", "\"0000000000000000\"");
        var refused = await api.SendAsync(stale);
        var current = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/offers/{quoteId}/withdraw");
        current.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag!.Tag);
        var withdrawn = await api.SendAsync(current);
        var again = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/offers/{quoteId}/withdraw");
        again.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag!.Tag);
        var staleAfter = await api.SendAsync(again);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(quoteId, (await JsonAsync(retry)).GetProperty("quoteId").GetString());
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal((HttpStatusCode)422, other.StatusCode);
        Assert.All(twins, t => Assert.Equal(HttpStatusCode.Created, t.StatusCode));
        Assert.Single(twinQuotes.Distinct());
        Assert.Equal(offersBefore + 2, offersAfter);
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal("withdrawn", (await JsonAsync(withdrawn)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleAfter.StatusCode);
    }

    [Fact]
    public async Task A_rotated_secret_keeps_the_old_one_for_a_while_a_revoked_client_is_refused_at_once_and_each_change_is_audited()
    {
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var (id, secret) = await RegisterClientAsync(admin, "Billing " + Guid.NewGuid().ToString("N")[..6], ["offers.read"]);
        using var anonymous = site.CreateClient();
        using var api = Bearer(site, await TokenAsync(anonymous, id, secret));
        var before = await api.GetAsync("/api/v1/offers");

        var rotated = await admin.PostFormAsync($"/portal/api-clients/{id}/rotate", new Dictionary<string, string>(), "/portal/api-clients");
        var (_, newSecret) = SecretShown(await rotated.Content.ReadAsStringAsync());
        var oldStillWorks = await TokenResponseAsync(anonymous, id, secret);
        var newWorks = await TokenResponseAsync(anonymous, id, newSecret);
        var wrong = await TokenResponseAsync(anonymous, id, secret + "x");

        var revoked = await admin.PostFormAsync($"/portal/api-clients/{id}/revoke", new Dictionary<string, string>(), "/portal/api-clients");
        var afterRevoke = await api.GetAsync("/api/v1/offers");
        var noNewToken = await TokenResponseAsync(anonymous, id, newSecret);
        using var woodgroveAdmin = await site.SignInAsync(WoodgroveAdmin);
        var foreignRevoke = await woodgroveAdmin.PostFormAsync($"/portal/api-clients/{id}/revoke", new Dictionary<string, string>(), "/portal/api-clients");
        var (_, page) = await admin.GetPageAsync("/portal/api-clients");
        var audit = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<PartnerCms.Audit.Models.AuditEntry>()
            .AcrossOrganizations("test").Where(e => e.Target!.Contains(id)).OrderBy(e => e.OccurredUtc).ThenBy(e => e.Sequence).Select(e => e.Action).ToListAsync());

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, oldStillWorks.Status);
        Assert.Equal(HttpStatusCode.OK, newWorks.Status);
        Assert.NotEqual(HttpStatusCode.OK, wrong.Status);
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, noNewToken.Status);
        Assert.Equal(HttpStatusCode.NotFound, foreignRevoke.StatusCode);
        Assert.Equal("Revoked", HtmlPage.Parse(page).QuerySelector($"tr[data-client='{id}'] td:nth-child(6)")!.TextContent.Trim());
        Assert.Equal(["api-client.created", "api-client.rotated", "api-client.revoked"], audit);
    }

    [Fact]
    public async Task A_client_past_its_expiry_is_refused_with_the_token_it_holds_and_gets_no_new_one()
    {
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var (id, secret) = await RegisterClientAsync(admin, "Expiring " + Guid.NewGuid().ToString("N")[..6], ["offers.read"]);
        using var anonymous = site.CreateClient();
        using var api = Bearer(site, await TokenAsync(anonymous, id, secret));
        var before = await api.GetAsync("/api/v1/offers");

        // The expiry date passes while the client still holds a 15-minute token.
        await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<PartnerCms.Api.Models.ApiClient>()
            .AcrossOrganizations("test").Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.ExpiresUtc, DateTime.UtcNow.AddMinutes(-1))));
        var after = await api.GetAsync("/api/v1/offers");
        var problem = await after.Content.ReadAsStringAsync();
        var newToken = await TokenResponseAsync(anonymous, id, secret);
        var (_, page) = await admin.GetPageAsync("/portal/api-clients");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal("application/problem+json", after.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"status\":401", problem);
        Assert.NotEqual(HttpStatusCode.OK, newToken.Status);
        Assert.Equal("Expired", HtmlPage.Parse(page).QuerySelector($"tr[data-client='{id}'] td:nth-child(6)")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_client_gets_only_scopes_its_administrator_holds_and_staff_without_the_permission_cannot_open_the_page()
    {
        using var customerAdmin = await site.SignInAsync(DemoUsers.FabrikamAdmin);
        var fields = new List<KeyValuePair<string, string>> { new("Name", "Fabrikam tool"), new("Days", "30"), new("Scopes", "offers.write") };
        var refused = await customerAdmin.PostFormAsync("/portal/api-clients", fields, "/portal/api-clients");
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var (salesStatus, _) = await sales.GetPageAsync("/portal/api-clients");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("offers.write", HtmlPage.Text(await refused.Content.ReadAsStringAsync(), "#scopes-error"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, salesStatus);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ApiClientAndOfferTestsOnSqlite(SqliteSite shared) : ApiClientAndOfferTests(shared.Site);

[Collection(PostgresCollection.Name)]
public sealed class ApiClientAndOfferTestsOnPostgres(PostgresSite shared) : ApiClientAndOfferTests(shared.Site);
