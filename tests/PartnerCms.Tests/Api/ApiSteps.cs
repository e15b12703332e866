using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using PartnerCms.Tests.Infrastructure;

namespace PartnerCms.Tests.Api;

/// <summary>What an organization's administrator and its systems do to use the API: register a client on the page, get tokens.</summary>
internal static class ApiSteps
{
    /// <summary>Registers a client on Account portal → API clients as <paramref name="admin"/>; returns the Client ID and secret the page shows once.</summary>
    public static async Task<(string ClientId, string Secret)> RegisterClientAsync(PortalClient admin, string name, IEnumerable<string> scopes, int days = 30)
    {
        var fields = new List<KeyValuePair<string, string>> { new("Name", name), new("Days", days.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        fields.AddRange(scopes.Select(s => new KeyValuePair<string, string>("Scopes", s)));
        var response = await admin.PostFormAsync("/portal/api-clients", fields, "/portal/api-clients");
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Not registered: {(int)response.StatusCode} {html}");
        return SecretShown(html);
    }

    public static (string ClientId, string Secret) SecretShown(string html)
    {
        var document = HtmlPage.Parse(html);
        var id = document.QuerySelector("[data-testid=client-id]")?.GetAttribute("value");
        var secret = document.QuerySelector("[data-testid=client-secret]")?.GetAttribute("value");
        Assert.False(string.IsNullOrEmpty(id) || string.IsNullOrEmpty(secret), "The page did not show the client's ID and secret.");
        return (id!, secret!);
    }

    /// <summary>POST /connect/token with client credentials; the status and the JSON answer.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> TokenResponseAsync(HttpClient http, string clientId, string secret, string? scope = null)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(form));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text.Length == 0 ? "{}" : text).RootElement.Clone());
    }

    public static async Task<string> TokenAsync(HttpClient http, string clientId, string secret, string? scope = null)
    {
        var (status, body) = await TokenResponseAsync(http, clientId, secret, scope);
        Assert.True(status == HttpStatusCode.OK, $"No token: {(int)status} {body}");
        return body.GetProperty("access_token").GetString()!;
    }

    /// <summary>An HTTP client of the site that sends <paramref name="token"/> as a bearer token (no cookies).</summary>
    public static HttpClient Bearer(PartnerCmsSite site, string token)
    {
        var http = site.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }
}
