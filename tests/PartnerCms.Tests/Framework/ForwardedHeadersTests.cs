using System.Net;
using PartnerCms.Tests.Infrastructure;

namespace PartnerCms.Tests.Framework;

/// <summary>
/// Behind a proxy, each client gets its own sign-in rate-limit bucket (its address from X-Forwarded-For, trusted only
/// from a configured proxy); without a configured proxy the header is ignored, so a client cannot pick a fresh bucket.
/// Real Kestrel on loopback (the proxy is 127.0.0.1); the forwarded addresses are documentation addresses, never contacted.
/// </summary>
[Trait("Area", "Framework")]
public sealed class ForwardedHeadersTests
{
    private static async Task<HttpStatusCode[]> SignInAttemptsAsync(PartnerCmsSite site, string forwardedFor, int attempts)
    {
        using var client = site.Anonymous();
        var token = await client.AntiforgeryTokenAsync("/account/signin");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < attempts; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/account/signin")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "nobody@example.com", ["Password"] = "Wrong-Pass-2026", ["__RequestVerificationToken"] = token }),
            };
            request.Headers.Add("X-Forwarded-For", forwardedFor);
            using var response = await client.Http.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        return [.. statuses];
    }

    [Fact]
    public async Task Behind_a_configured_proxy_each_client_has_its_own_sign_in_bucket()
    {
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite, new Dictionary<string, string?>
        {
            ["Accounts:SignInAttemptsPerMinute"] = "3",
            ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
        }, realServer: true);

        var first = await SignInAttemptsAsync(site, "203.0.113.10", 4);
        var second = await SignInAttemptsAsync(site, "203.0.113.20", 1);

        Assert.Equal(HttpStatusCode.TooManyRequests, first[^1]);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, second[0]);
    }

    [Fact]
    public async Task Without_a_configured_proxy_a_forged_header_gets_no_fresh_bucket()
    {
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite, new Dictionary<string, string?> { ["Accounts:SignInAttemptsPerMinute"] = "3" }, realServer: true);

        await SignInAttemptsAsync(site, "203.0.113.10", 3);
        var forged = await SignInAttemptsAsync(site, "203.0.113.99", 1);

        Assert.Equal(HttpStatusCode.TooManyRequests, forged[0]);
    }
}
