using System.Net;
using System.Text.RegularExpressions;

namespace PartnerCms.Tests.Infrastructure;

/// <summary>A browser-like HTTP client: keeps cookies, does not follow redirects, posts forms with their antiforgery token.</summary>
public sealed partial class PortalClient(HttpClient http) : IDisposable
{
    public HttpClient Http { get; } = http;

    public Task<HttpResponseMessage> GetAsync(string url) => Http.GetAsync(url);

    public async Task<(HttpStatusCode Status, string Body)> GetPageAsync(string url)
    {
        using var response = await Http.GetAsync(url);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts a form the way the browser would: with the antiforgery token of a page this client may open.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string url, Dictionary<string, string> fields, string tokenPage = "/admin")
    {
        var token = await AntiforgeryTokenAsync(tokenPage);
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
        return await Http.PostAsync(url, new FormUrlEncodedContent(form));
    }

    /// <summary>The same, for forms that send a field more than once (check boxes, lists).</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string url, IEnumerable<KeyValuePair<string, string>> fields, string tokenPage)
    {
        var token = await AntiforgeryTokenAsync(tokenPage);
        return await Http.PostAsync(url, new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token))));
    }

    /// <summary>POSTs a multipart form (a file upload) with the antiforgery token of <paramref name="tokenPage"/>.</summary>
    public async Task<HttpResponseMessage> PostMultipartAsync(string url, Dictionary<string, string> fields, (string Field, string FileName, byte[] Data, string ContentType)? file, string tokenPage)
    {
        var token = await AntiforgeryTokenAsync(tokenPage);
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields.Append(new("__RequestVerificationToken", token)))
        {
            content.Add(new StringContent(value), name);
        }

        if (file is { } f)
        {
            var bytes = new ByteArrayContent(f.Data);
            bytes.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(f.ContentType);
            content.Add(bytes, f.Field, f.FileName);
        }

        return await Http.PostAsync(url, content);
    }

    /// <summary>POSTs JSON as the pages' scripts do: the antiforgery token (taken from <paramref name="tokenPage"/>) in the RequestVerificationToken header.</summary>
    public async Task<HttpResponseMessage> PostJsonAsync(string url, string json, string tokenPage)
    {
        var token = await AntiforgeryTokenAsync(tokenPage);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("RequestVerificationToken", token);
        return await Http.SendAsync(request);
    }

    public async Task<string> AntiforgeryTokenAsync(string page)
    {
        var (status, body) = await GetPageAsync(page);
        var match = TokenPattern().Match(body);
        if (!match.Success)
        {
            throw new InvalidOperationException($"No antiforgery token on {page} ({(int)status}).");
        }

        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
