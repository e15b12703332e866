using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace PartnerCms.Api.Abstractions;

/// <summary>
/// Optimistic concurrency for updates: a resource's ETag is a hash of what a change would conflict with; an update with
/// <c>If-Match</c> that is not the current ETag is refused (412). Without <c>If-Match</c> the update goes ahead.
/// </summary>
public static class ApiETags
{
    public static string Of(string version) => "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(version)))[..16] + "\"";

    public static void Set(HttpContext context, string etag) => context.Response.Headers.ETag = etag;

    /// <summary>False when the request's If-Match names other ETags than <paramref name="current"/>.</summary>
    public static bool Matches(HttpContext context, string current)
    {
        var ifMatch = context.Request.Headers.IfMatch;
        if (ifMatch.Count == 0)
        {
            return true;
        }

        return ifMatch.SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Any(tag => tag == "*" || string.Equals(tag, current, StringComparison.Ordinal) || string.Equals(tag, "W/" + current, StringComparison.Ordinal));
    }
}
