using System.Net;
using PartnerCms.Tests.Infrastructure;
using PartnerCms.Tests.Workflows;
using static PartnerCms.Tests.Infrastructure.OfferSteps;

namespace PartnerCms.Tests.Hardening;

/// <summary>
/// White-space ids on the workflow routes, definitions with <c>null</c> lists, elements and settings on every endpoint
/// that reads one, and the fuzzed older forms (an offer's accept form with an odd "As" next to over-long fields, the
/// offer wizard with a 300-character step): 404 or 400 with the reason, never a 5xx.
/// </summary>
[Trait("Area", "Hardening")]
public sealed class BlankIdsAndNullJsonTests
{
    [Fact]
    public async Task White_space_ids_and_null_json_on_workflow_routes_get_404_or_400_never_5xx()
    {
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite);
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var workflow = await WorkflowTestSteps.ImportEnabledAsync(admin, "Null test",
            """{"activities":[{"id":"created","type":"OfferCreated","start":true},{"id":"log","type":"Log","settings":{"message":"x"}}],"transitions":[{"from":"created","outcome":"Done","to":"log"}]}""");
        var token = await admin.AntiforgeryTokenAsync("/partner/workflows");
        var results = new List<(string What, HttpStatusCode Status)>();

        foreach (var blank in new[] { "%20", "%0A", "%09", "%20%20" })
        {
            foreach (var path in new[] { "", "/export.json", "/editor", "/draft-state", "/samples", "/versions" })
            {
                using var response = await admin.GetAsync($"/partner/workflows/{blank}{path}");
                results.Add(($"GET {blank}{path}", response.StatusCode));
            }

            foreach (var path in new[] { "", "/enable", "/disable", "/validate", "/draft", "/publish", "/dry-run", "/versions/1/restore" })
            {
                using var response = await Post(admin, token, $"/partner/workflows/{blank}{path}", "{}");
                results.Add(($"POST {blank}{path}", response.StatusCode));
            }

            foreach (var path in new[] { "retry", "cancel" })
            {
                using var response = await Post(admin, token, $"/partner/workflows/instances/{blank}/{path}", null);
                results.Add(($"POST instances/{blank}/{path}", response.StatusCode));
            }

            using var instance = await admin.GetAsync($"/partner/workflows/instances/{blank}");
            results.Add(($"GET instances/{blank}", instance.StatusCode));
        }

        foreach (var definition in new[]
        {
            """{"activities":null,"transitions":null}""",
            """{"activities":[null],"transitions":[null]}""",
            """{"activities":[{"id":null,"type":null,"settings":null,"start":true}],"transitions":[{"from":null,"outcome":null,"to":null}]}""",
            """{"activities":[{"id":"created","type":"OfferCreated","start":true,"settings":null},{"id":"log","type":"Log","settings":null}],"transitions":[{"from":"created","outcome":"Done","to":"log"}]}""",
            "null",
        })
        {
            foreach (var path in new[] { "/validate", "/draft", "/publish" })
            {
                using var response = await admin.PostJsonAsync($"/partner/workflows/{workflow}{path}", $$"""{"definition":{{definition}},"basedOn":null}""", $"/partner/workflows/{workflow}/editor");
                results.Add(($"POST {path} {definition}", response.StatusCode));
            }

            using var dryRun = await admin.PostJsonAsync($"/partner/workflows/{workflow}/dry-run", $$"""{"definition":{{definition}},"input":null}""", $"/partner/workflows/{workflow}/editor");
            results.Add(($"POST dry-run {definition}", dryRun.StatusCode));
            using var imported = await admin.PostFormAsync("/partner/workflows/import", new Dictionary<string, string> { ["name"] = "Nulls", ["json"] = definition }, "/partner/workflows");
            results.Add(($"import {definition}", imported.StatusCode));
            using var saved = await admin.PostFormAsync($"/partner/workflows/{workflow}", new Dictionary<string, string> { ["name"] = "Nulls", ["json"] = definition }, "/partner/workflows");
            results.Add(($"save {definition}", saved.StatusCode));
        }

        // A definition with nulls is answered like any other: validate lists what is missing, a draft keeps what there is.
        Assert.All(results, r => Assert.True((int)r.Status < 500, $"{r.What}: {(int)r.Status}"));
        Assert.All(results.Where(r => r.What.Contains('%', StringComparison.Ordinal)), r => Assert.Equal(HttpStatusCode.NotFound, r.Status));
        Assert.All(results.Where(r => r.What.StartsWith("POST /publish", StringComparison.Ordinal) && !r.What.Contains("\"log\"", StringComparison.Ordinal)), r => Assert.Equal(HttpStatusCode.BadRequest, r.Status));
    }

    [Fact]
    public async Task Fuzzed_values_on_the_accept_form_and_the_offer_wizard_get_4xx_or_a_page_never_5xx()
    {
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite);
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var quote = await CreateOfferAsync(sales, "purchase", "US", await OfficeAsync(site, "contoso-partners", "RED-001"), [("INTUNE-P1", 3)]);
        var link = await LinkPathAsync(sales, quote);
        using var visitor = site.Anonymous();
        var results = new List<(string What, HttpStatusCode Status)>();
        var longText = new string('x', 5000);

        foreach (var @as in new[] { "\t", "%", "185092", "😀", "new\t", " existing ", new string('n', 300) })
        {
            var fields = AcceptFields(link, @as, new Dictionary<string, int> { ["INTUNE-P1"] = 2 });
            fields.AddRange(Fields(("SignUp.CompanyName", longText), ("SignUp.UserName", longText), ("SignUp.Domain", longText), ("SignInUserName", longText), ("SignInPassword", longText),
                ("SignUp.Password", longText), ("SignUp.DisplayName", longText), ("SignUp.SubmissionId", longText)));
            using var response = await visitor.PostFormAsync($"/offers/{quote}/accept", fields, AcceptPath(link));
            results.Add(($"accept As={@as.Length}:{@as[..Math.Min(5, @as.Length)]}", response.StatusCode));
        }

        foreach (var step in new[] { new string('9', 300), "-99999999999", "1e9", "\t", "😀" })
        {
            using var response = await sales.PostFormAsync(Wizard("purchase"), Fields(("Step", step), ("nav", "next"), ("UsageLocation", "US")), Wizard("purchase"));
            results.Add(($"wizard Step={step[..Math.Min(10, step.Length)]}", response.StatusCode));
        }

        Assert.All(results, r => Assert.True((int)r.Status is >= 200 and < 500, $"{r.What}: {(int)r.Status}"));
    }

    private static async Task<HttpResponseMessage> Post(PortalClient client, string token, string url, string? json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Headers.Add("RequestVerificationToken", token);
        request.Content = json is null
            ? new FormUrlEncodedContent([new("__RequestVerificationToken", token)])
            : new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        return await client.Http.SendAsync(request);
    }
}
