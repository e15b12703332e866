using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using PartnerCms.Api.Abstractions;
using PartnerCms.Api.Models;
using PartnerCms.Core.Data;

namespace PartnerCms.Api.Services;

/// <summary>
/// <c>Idempotency-Key</c> on POST: the first request with a key runs and its answer is kept; a retry with the same key
/// and the same body gets that answer again (nothing runs twice); the same key with another body is 422; a retry while
/// the first is still running is 409. Keys are per client; answers of 5xx are not kept (the retry runs again).
/// </summary>
internal sealed class IdempotencyFilter(PartnerCmsDbContext db, TimeProvider clock) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsPost(http.Request.Method) || !http.Request.Headers.TryGetValue(Header, out var values))
        {
            return await next(context);
        }

        var key = values.ToString();
        if (key.Length is 0 or > 200 || key.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return ApiProblems.Invalid(Header, "An Idempotency-Key is 1 to 200 characters without spaces, e.g. a UUID.");
        }

        var clientId = http.User.ClientId()!;
        var organizationId = http.User.OrganizationId();
        var hash = await HashBodyAsync(http.Request);
        var records = db.Set<ApiIdempotencyRecord>().ForOrganization(organizationId);
        var existing = await records.AsNoTracking().FirstOrDefaultAsync(r => r.ClientId == clientId && r.Key == key, http.RequestAborted);
        if (existing is null)
        {
            // The key, the request's effect and the kept answer commit together: a crash in between leaves neither, so
            // the retry runs again; a concurrent retry waits on the key's unique index and then replays the answer.
            var transaction = await db.Database.BeginTransactionAsync(http.RequestAborted);
            var record = new ApiIdempotencyRecord { OrganizationId = organizationId, ClientId = clientId, Key = key, RequestHash = hash, CreatedUtc = clock.GetUtcNow().UtcDateTime };
            db.Add(record);
            try
            {
                await db.SaveChangesAsync(http.RequestAborted);
            }
            catch (DbUpdateException ex) when (ex.IsUniqueViolation<ApiIdempotencyRecord>(db, nameof(ApiIdempotencyRecord.ClientId), nameof(ApiIdempotencyRecord.Key)))
            {
                db.Entry(record).State = EntityState.Detached;
                await transaction.DisposeAsync();
                existing = await records.AsNoTracking().FirstAsync(r => r.ClientId == clientId && r.Key == key, http.RequestAborted);
            }

            if (existing is null)
            {
                await using (transaction)
                {
                    return await RunAndKeepAsync(context, next, record, transaction);
                }
            }
        }

        if (!string.Equals(existing.RequestHash, hash, StringComparison.Ordinal))
        {
            return ApiProblems.Unprocessable("This Idempotency-Key was used with a different request body. Use a new key for a new request.");
        }

        if (existing.StatusCode == 0)
        {
            return ApiProblems.Conflict("The first request with this Idempotency-Key is still being answered; retry in a moment.");
        }

        http.Response.Headers["Idempotent-Replayed"] = "true";
        return new Replay(existing);
    }

    private async Task<object?> RunAndKeepAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, ApiIdempotencyRecord record, IDbContextTransaction transaction)
    {
        var http = context.HttpContext;
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        try
        {
            var result = await next(context);
            http.Response.Body = buffer;
            switch (result)
            {
                case IResult answer:
                    await answer.ExecuteAsync(http);
                    break;
                case null:
                    break;
                default:
                    await TypedResults.Ok(result).ExecuteAsync(http);
                    break;
            }
        }
        finally
        {
            http.Response.Body = original;
        }

        // An exception leaves the transaction uncommitted (disposing it rolls back the key and the effect alike); so
        // does a 5xx answer: nothing is kept and the retry runs again.
        if (http.Response.StatusCode >= 500)
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
        else
        {
            record.StatusCode = http.Response.StatusCode;
            record.ContentType = http.Response.ContentType;
            record.Location = http.Response.Headers.Location.ToString() is { Length: > 0 and <= 400 } location ? location : null;
            record.ETag = http.Response.Headers.ETag.ToString() is { Length: > 0 and <= 100 } etag ? etag : null;
            record.Body = buffer.ToArray();
            await db.SaveChangesAsync(CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, http.RequestAborted);
        return EmptyHttpResult.Instance;
    }

    private static async Task<string> HashBodyAsync(HttpRequest request)
    {
        if (!request.Body.CanSeek)
        {
            return string.Empty;
        }

        request.Body.Position = 0;
        var hash = await SHA256.HashDataAsync(request.Body, request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>The kept answer of the first request.</summary>
    private sealed class Replay(ApiIdempotencyRecord record) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = record.StatusCode;
            if (record.ContentType is { } type)
            {
                httpContext.Response.ContentType = type;
            }

            if (record.Location is { } location)
            {
                httpContext.Response.Headers.Location = location;
            }

            if (record.ETag is { } etag)
            {
                httpContext.Response.Headers.ETag = etag;
            }

            if (record.Body is { Length: > 0 } body)
            {
                await httpContext.Response.Body.WriteAsync(body, httpContext.RequestAborted);
            }
        }
    }
}
