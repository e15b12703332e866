using Microsoft.EntityFrameworkCore;
using PartnerCms.Api.Models;
using PartnerCms.Core.Data;

namespace PartnerCms.Api.Services;

/// <summary>
/// The check every API request and token request passes: the client exists, is not revoked and has not expired — read
/// from the database each time, so a revocation on any node holds at the next request on every node. It also records
/// when the client was last used (at most once a minute per client, to keep writes off the request path).
/// </summary>
public sealed class ApiClientGate(PartnerCmsDbContext db, TimeProvider clock)
{
    private const string Reason = "a token names its client; the client's organization is checked against the token's";

    public async Task<ApiClient?> ActiveAsync(string? clientId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(clientId) || clientId.Length > 64)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var client = await db.Set<ApiClient>().AcrossOrganizations(Reason).AsNoTracking().FirstOrDefaultAsync(c => c.Id == clientId, cancellationToken);
        if (client is null || !client.IsActiveAt(now))
        {
            return null;
        }

        if (client.LastUsedUtc is null || client.LastUsedUtc < now.AddMinutes(-1))
        {
            await db.Set<ApiClient>().AcrossOrganizations(Reason).Where(c => c.Id == clientId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastUsedUtc, now), cancellationToken);
        }

        return client;
    }

    public Task CountTokenAsync(string clientId, CancellationToken cancellationToken) =>
        db.Set<ApiClient>().AcrossOrganizations(Reason).Where(c => c.Id == clientId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.TokensIssued, c => c.TokensIssued + 1).SetProperty(c => c.LastUsedUtc, clock.GetUtcNow().UtcDateTime), cancellationToken);
}
