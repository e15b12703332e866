using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PartnerCms.Core.Data;
using PartnerCms.Core.Events;
using PartnerCms.Offers.Models;

namespace PartnerCms.Offers.Services;

/// <summary>
/// Counts landing-page views in memory and adds them to OfferDailyViews every few seconds (and when the dashboard
/// reads, and at shutdown), so that opening an offer never waits for a database write. A failed save keeps the counts
/// for the next one.
/// </summary>
public sealed class OfferViewCounter(IServiceScopeFactory scopes, TimeProvider clock, ILogger<OfferViewCounter> logger) : BackgroundService
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<(string OfferId, string OrganizationId, DateOnly Day), Counter> _pending = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);

    // Offers this node knows to have been viewed before (their first view is saved): no first-view statement for them.
    private readonly ConcurrentDictionary<string, bool> _seen = new(StringComparer.Ordinal);

    public void Count(string offerId, string organizationId) => Count(offerId, organizationId, clock.GetUtcNow().UtcDateTime);

    public void Count(string offerId, string organizationId, DateTime nowUtc, string? quoteId = null)
    {
        OffersMetrics.Viewed.Add(1);
        var counter = _pending.GetOrAdd((offerId, organizationId, DateOnly.FromDateTime(nowUtc)), static (_, arg) => new Counter { QuoteId = arg.quoteId, FirstUtc = arg.nowUtc }, (quoteId, nowUtc));
        Interlocked.Increment(ref counter.Value);
    }

    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await _flushing.WaitAsync(cancellationToken);
        try
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            foreach (var (key, counter) in _pending)
            {
                var views = Interlocked.Exchange(ref counter.Value, 0);
                if (views == 0)
                {
                    if (key.Day < today)
                    {
                        _pending.TryRemove(key, out _);
                    }

                    continue;
                }

                try
                {
                    await SaveAsync(key.OfferId, key.OrganizationId, key.Day, views, counter, cancellationToken);
                }
                catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or TimeoutException)
                {
                    Interlocked.Add(ref counter.Value, views);
                    logger.LogWarning(ex, "Saving {Views} views of offer {OfferId} failed; they are kept for the next try.", views, key.OfferId);
                }
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FlushInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            logger.LogWarning("Offer views counted since the last save were not saved at shutdown.");
        }
    }

    /// <summary>
    /// Adds the views to the day's row in one statement (INSERT … ON CONFLICT DO UPDATE, the same on SQLite and
    /// PostgreSQL): several nodes flushing the same offer and day at once each add theirs, none is lost. The first time
    /// an offer is seen, its first view is saved too (ON CONFLICT DO NOTHING: one node wins) and, by the node that saved
    /// it, <see cref="OfferFirstViewed"/> is raised in the same transaction.
    /// </summary>
    private async Task SaveAsync(string offerId, string organizationId, DateOnly day, int views, Counter counter, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>();
        var first = !_seen.ContainsKey(offerId);
        await using var transaction = first ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "OfferDailyViews" ("OrganizationId", "OfferId", "Day", "Views") VALUES ({organizationId}, {offerId}, {day}, {views})
            ON CONFLICT ("OfferId", "Day") DO UPDATE SET "Views" = "OfferDailyViews"."Views" + excluded."Views"
            """, cancellationToken);
        if (transaction is null)
        {
            return;
        }

        var viewed = DateTime.SpecifyKind(counter.FirstUtc, DateTimeKind.Utc);
        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "OfferFirstViews" ("OfferId", "OrganizationId", "ViewedUtc") VALUES ({offerId}, {organizationId}, {viewed})
            ON CONFLICT ("OfferId") DO NOTHING
            """, cancellationToken);
        if (inserted == 1)
        {
            var quoteId = counter.QuoteId ?? await db.Set<OfferIndex>().AcrossOrganizations("the counter runs outside any request").Where(o => o.ContentItemId == offerId).Select(o => o.QuoteId).FirstOrDefaultAsync(cancellationToken) ?? string.Empty;
            scope.ServiceProvider.GetRequiredService<EventOutbox>().Raise(new OfferFirstViewed(offerId, quoteId, organizationId, viewed), correlationId: "offer:" + offerId);
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (_seen.Count > 100_000)
        {
            _seen.Clear();
        }

        _seen[offerId] = true;
    }

    private sealed class Counter
    {
        public int Value;

        public string? QuoteId { get; init; }

        public DateTime FirstUtc { get; init; }
    }
}
