using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PartnerCms.Core.Events;

/// <summary>Notifies the <see cref="OutboxSignal"/> once a save (or the transaction around it) that wrote events committed.</summary>
public sealed class OutboxSaveInterceptor(OutboxSignal signal) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, object> Raised = new();
    private static readonly object Marker = new();

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, HashSet<WakeSignal>> Others = new();

    /// <summary>Called by <see cref="EventOutbox.Raise{TEvent}"/>: this context's next commit carries an event.</summary>
    internal static void Mark(DbContext context) => Raised.AddOrUpdate(context, Marker);

    /// <summary>Another queue's row (a mail) is in this context's next commit: wake that queue's sender after it.</summary>
    public static void WakeAfterCommit(DbContext context, WakeSignal signal)
    {
        var signals = Others.GetOrCreateValue(context);
        lock (signals)
        {
            signals.Add(signal);
        }
    }

    private void Saved(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null)
        {
            Committed(context);
        }
    }

    private void Committed(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        if (Raised.Remove(context))
        {
            signal.Notify();
        }

        if (Others.TryGetValue(context, out var signals) && Others.Remove(context))
        {
            lock (signals)
            {
                foreach (var other in signals)
                {
                    other.Notify();
                }
            }
        }
    }
}
