using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PartnerCms.Api.Models;
using PartnerCms.Core.Data;
using PartnerCms.Core.Themes;

namespace PartnerCms.Api.Services;

/// <summary>
/// Counts API requests per client and hour in memory (no write on the request path) and adds them to the database every
/// half minute, so the operator's page sums every node's counts.
/// </summary>
public sealed class ApiUsage(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ApiUsage> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<(string ClientId, string OrganizationId, DateTime Hour), long[]> _counts = new();

    public void Count(string clientId, string organizationId, int status)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var counts = _counts.GetOrAdd((clientId, organizationId, new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc)), _ => new long[3]);
        Interlocked.Increment(ref counts[0]);
        if (status is >= 400 and < 500)
        {
            Interlocked.Increment(ref counts[1]);
        }
        else if (status >= 500)
        {
            Interlocked.Increment(ref counts[2]);
        }
    }

    /// <summary>Adds what was counted since the last flush to the database.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>();
        foreach (var key in _counts.Keys.ToList())
        {
            if (!_counts.TryRemove(key, out var counts))
            {
                continue;
            }

            var (requests, clientErrors, serverErrors) = (Interlocked.Read(ref counts[0]), Interlocked.Read(ref counts[1]), Interlocked.Read(ref counts[2]));
            var rows = db.Set<ApiUsageHour>().AcrossOrganizations("usage counts of every client, added by each node");
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var updated = await rows.Where(u => u.ClientId == key.ClientId && u.HourUtc == key.Hour).ExecuteUpdateAsync(s => s
                    .SetProperty(u => u.Requests, u => u.Requests + requests)
                    .SetProperty(u => u.ClientErrors, u => u.ClientErrors + clientErrors)
                    .SetProperty(u => u.ServerErrors, u => u.ServerErrors + serverErrors), cancellationToken);
                if (updated > 0)
                {
                    break;
                }

                var row = new ApiUsageHour { ClientId = key.ClientId, OrganizationId = key.OrganizationId, HourUtc = key.Hour, Requests = requests, ClientErrors = clientErrors, ServerErrors = serverErrors };
                db.Add(row);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    break;
                }
                catch (DbUpdateException ex) when (ex.IsUniqueViolation<ApiUsageHour>(db, nameof(ApiUsageHour.ClientId), nameof(ApiUsageHour.HourUtc)))
                {
                    // Another node added the hour's row first: add to it.
                    db.Entry(row).State = EntityState.Detached;
                }
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            try
            {
                await FlushAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "API usage counts could not be saved; they are counted again from now.");
            }
        }

        // What was counted since the last flush, at shutdown. A host disposed without being stopped has no services
        // left: the counts are lost then (logged), and the service must not take the host down with it.
        if (_counts.IsEmpty)
        {
            return;
        }

        try
        {
            await FlushAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or DbException or DbUpdateException or InvalidOperationException)
        {
            logger.LogWarning(ex, "API usage counts of the last {Seconds} seconds could not be saved at shutdown.", 30);
        }
    }
}

/// <summary>
/// The operator's switch of the API (Administration → API), stored as a site setting; <c>Api:Enabled</c> in the
/// configuration switches it off for good. Read through a 5-second cache, so a change holds on every node within 5 s.
/// </summary>
public sealed class ApiSwitch(IServiceScopeFactory scopes, IMemoryCache cache, Microsoft.Extensions.Options.IOptionsMonitor<ApiOptions> options, TimeProvider clock)
{
    public const string SettingKey = "Api:Enabled";

    public async Task<bool> IsOnAsync(CancellationToken cancellationToken)
    {
        if (!options.CurrentValue.Enabled)
        {
            return false;
        }

        return await cache.GetOrCreateAsync(SettingKey, async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(5);
            using var scope = scopes.CreateScope();
            var value = await scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>().Set<SiteSetting>().AsNoTracking()
                .Where(s => s.Key == SettingKey).Select(s => s.Value).FirstOrDefaultAsync(cancellationToken);
            return value != "false";
        });
    }

    public async Task SetAsync(bool on, string by, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>();
        var setting = await db.Set<SiteSetting>().FirstOrDefaultAsync(s => s.Key == SettingKey, cancellationToken);
        if (setting is null)
        {
            setting = new SiteSetting { Key = SettingKey };
            db.Add(setting);
        }

        setting.Value = on ? "true" : "false";
        setting.UpdatedUtc = clock.GetUtcNow().UtcDateTime;
        setting.UpdatedBy = by;
        await db.SaveChangesAsync(cancellationToken);
        cache.Remove(SettingKey);
    }
}
