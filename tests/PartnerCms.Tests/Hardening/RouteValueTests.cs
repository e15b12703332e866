using System.Net;
using System.Text.RegularExpressions;
using PartnerCms.Tests.Infrastructure;

namespace PartnerCms.Tests.Hardening;

/// <summary>
/// A form field named like a route value cannot replace the address's value: the form fuzzer found a posted empty
/// "Kind" reaching the templates' code as null (500). Route parameters now bind from the route only.
/// </summary>
[Trait("Area", "Hardening")]
public sealed class RouteValueTests
{
    [Fact]
    public async Task A_posted_field_named_like_a_route_value_neither_fails_nor_redirects_the_action_elsewhere()
    {
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite);
        using var marketing = await site.SignInAsync(DemoUsers.ContosoMarketing);

        var unknownKind = await marketing.PostFormAsync("/partner/templates/99999999999999999999", new Dictionary<string, string> { ["Kind"] = "" }, "/partner/templates/purchase-offer");
        var (_, editPage) = await marketing.GetPageAsync("/partner/templates/purchase-offer");
        var version = System.Text.RegularExpressions.Regex.Match(editPage, "name=\"version\" value=\"(\\d+)\"", System.Text.RegularExpressions.RegexOptions.IgnoreCase | RegexOptions.ExplicitCapture).Groups[1].Value;
        var saved = await marketing.PostFormAsync("/partner/templates/purchase-offer", new Dictionary<string, string>
        {
            ["kind"] = "trial-invitation",
            ["subject"] = "Offer {{ offer.quote_id }}",
            ["body"] = "Hello {{ offer.link }}",
            ["version"] = version,
        }, "/partner/templates/purchase-offer");

        Assert.Equal(HttpStatusCode.NotFound, unknownKind.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/partner/templates/purchase-offer", saved.Headers.Location?.OriginalString);
    }
}
