using System.Net;
using System.Text.Json.Nodes;
using PartnerCms.Tests.Api.Generated;
using PartnerCms.Tests.Infrastructure;
using static PartnerCms.Tests.Api.ApiSteps;

namespace PartnerCms.Tests.Api;

/// <summary>
/// The published contract: the portal's /openapi/v1.json is the document the test project's client is generated from
/// (a change to the API that is not published fails here), and that generated client — as a partner's CRM would use
/// it — creates, reads, lists and withdraws offers and is refused with the right status codes.
/// </summary>
[Trait("Area", "Api")]
public abstract class ApiContractTests(PartnerCmsSite site)
{
    [Fact]
    public async Task The_OpenAPI_document_the_client_is_generated_from_is_the_one_the_portal_publishes()
    {
        using var anonymous = site.CreateClient();
        var live = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"));
        var published = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Repository.Root, "tests", "PartnerCms.Tests", "Api", "openapi-v1.json")));

        // Servers name the address the document was read from; everything else must be the same.
        live!.AsObject().Remove("servers");
        published!.AsObject().Remove("servers");
        Assert.True(JsonNode.DeepEquals(live, published),
            "The API's contract changed: if that was intended, save the portal's /openapi/v1.json as tests/PartnerCms.Tests/Api/openapi-v1.json (the generated client follows).");
    }

    [Fact]
    [Trait("Rule", "R9")]
    public async Task A_CRM_with_the_generated_client_creates_reads_lists_and_withdraws_an_offer_and_is_refused_where_it_should_be()
    {
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var (id, secret) = await RegisterClientAsync(admin, "Generated " + Guid.NewGuid().ToString("N")[..6], ["offers.read", "offers.write", "customers.read"]);
        using var anonymous = site.CreateClient();
        using var http = Bearer(site, await TokenAsync(anonymous, id, secret));
        var client = new PartnerCmsApiClient(http);
        var office = await OfferSteps.OfficeAsync(site, "contoso-partners", "RED-001");

        var created = await client.CreateOfferAsync(new ApiOfferInput { Kind = "purchase", OfficeId = office, UsageLocation = "US", Lines = [new ApiOfferLine { Sku = "INTUNE-P1", Licences = 10 }] });
        var read = await client.GetOfferAsync(created.QuoteId);
        var listed = await client.ListOffersAsync("active", "purchase", null, 200);
        var withdrawn = await client.WithdrawOfferAsync(created.QuoteId);
        var found = await client.LookUpCustomerAsync("fabrikam.example");
        var invalid = await Assert.ThrowsAsync<ApiException<HttpValidationProblemDetails>>(() => client.CreateOfferAsync(new ApiOfferInput { Kind = "purchase", OfficeId = office, UsageLocation = "US", Lines = [] }));
        var missing = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(() => client.GetOfferAsync("Q-AAA-AAA"));
        using var reader = Bearer(site, await TokenAsync(anonymous, id, secret, "offers.read"));
        var noScope = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(() => new PartnerCmsApiClient(reader).CreateOfferAsync(new ApiOfferInput { Kind = "trial" }));

        Assert.Equal("purchase", created.Kind);
        Assert.Equal(10, read.Lines.Single().Licences);
        Assert.NotNull(read.Funnel);
        Assert.Contains(listed.Items, o => o.QuoteId == created.QuoteId);
        Assert.Equal("withdrawn", withdrawn.Status);
        Assert.Equal("fabrikam", found.Id);
        Assert.Equal((int)HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.NotEmpty(invalid.Result.Errors);
        Assert.Equal((int)HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal((int)HttpStatusCode.Forbidden, noScope.StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ApiContractTestsOnSqlite(SqliteSite shared) : ApiContractTests(shared.Site);

[Collection(PostgresCollection.Name)]
public sealed class ApiContractTestsOnPostgres(PostgresSite shared) : ApiContractTests(shared.Site);
