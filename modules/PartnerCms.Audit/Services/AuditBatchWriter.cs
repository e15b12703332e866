using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PartnerCms.Audit.Models;
using PartnerCms.Core.Audit;
using PartnerCms.Core.Data;
using PartnerCms.Core.Organizations;

namespace PartnerCms.Audit.Services;

/// <summary>
/// Appends entries recorded in requests (a page viewed on a customer's behalf) with group commit: concurrent requests'
/// entries are written by one transaction, and each request waits until its entry is committed — durable as before, but
/// one commit (one flush to disk) serves many requests instead of one each.
/// </summary>
public sealed class AuditBatchWriter(IServiceScopeFactory scopes, ILogger<AuditBatchWriter> logger) : BackgroundService, IAuditSink
{
    private const int MaxBatch = 200;

    private readonly Channel<(AuditRecorded Record, TaskCompletionSource Written)> _queue =
        Channel.CreateBounded<(AuditRecorded, TaskCompletionSource)>(new BoundedChannelOptions(10_000) { SingleReader = true });

    public async Task AppendAsync(AuditRecorded record, CancellationToken cancellationToken)
    {
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync((record, written), cancellationToken);
        await written.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<(AuditRecorded Record, TaskCompletionSource Written)>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                try
                {
                    await WriteAsync(batch.Select(b => b.Record).ToList(), stoppingToken);
                    batch.ForEach(b => b.Written.TrySetResult());
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Writing {Count} audit entries failed.", batch.Count);
                    batch.ForEach(b => b.Written.TrySetException(ex));
                }

                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task WriteAsync(IReadOnlyList<AuditRecorded> records, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            using var system = scope.ServiceProvider.GetRequiredService<ICurrentOrganization>().RunAsSystem();
            var db = scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var conflict = false;
            foreach (var chain in records.GroupBy(AuditLog.ChainOf, StringComparer.Ordinal))
            {
                if (!await AuditLog.AppendManyAsync(db, chain.Key, chain.ToList(), cancellationToken))
                {
                    conflict = true;
                    break;
                }
            }

            if (!conflict)
            {
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                    return;
                }
                catch (DbUpdateException ex) when (ex.IsUniqueViolation<AuditChainHead>(db, nameof(AuditChainHead.ChainId))
                    || ex.IsUniqueViolation<AuditEntry>(db, nameof(AuditEntry.ChainId), nameof(AuditEntry.Sequence)))
                {
                    // Another writer (the event dispatcher, another node) started or advanced the chain at the same moment:
                    // a conflict like a moved head, retried below. (A new customer's first entries met this on PostgreSQL.)
                }
            }

            // Another node advanced a chain meanwhile: nothing of this attempt stays; read the heads again.
            await transaction.RollbackAsync(cancellationToken);
            if (attempt >= 20)
            {
                throw new InvalidOperationException("The audit chains are too busy.");
            }
        }
    }
}
