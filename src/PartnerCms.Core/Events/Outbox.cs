using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerCms.Core.Data;

namespace PartnerCms.Core.Events;

public enum OutboxStatus
{
    /// <summary>Waiting for delivery (or for its next attempt).</summary>
    Pending = 0,

    /// <summary>Every handler ran.</summary>
    Dispatched = 1,

    /// <summary>Given up after the last attempt; an operator may send it again.</summary>
    Parked = 2,
}

/// <summary>A raised domain event, written in the transaction of the change it reports, until every handler ran it.</summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }

    public Guid EventId { get; set; }

    /// <summary>The event type's stored name (<see cref="EventTypes.NameOf"/>).</summary>
    public required string Type { get; set; }

    public required string Payload { get; set; }

    /// <summary>Events of one correlation id (an offer, an organization) are handled in order.</summary>
    public required string CorrelationId { get; set; }

    public OutboxStatus Status { get; set; }

    public DateTime CreatedUtc { get; set; }

    /// <summary>
    /// How many events led to this one: 0 for an event a user's change raised, one more than the delivered event's for an
    /// event a handler (a workflow) raised. Workflows stop a chain that grows too long (two workflows starting each other).
    /// </summary>
    public int Depth { get; set; }

    public DateTime NextAttemptUtc { get; set; }

    public int Attempts { get; set; }

    public string? LeasedBy { get; set; }

    public DateTime? LeasedUntilUtc { get; set; }

    public DateTime? DispatchedUtc { get; set; }

    public string? LastError { get; set; }
}

/// <summary>The inbox: handler H has run event E (written in the handler's own transaction).</summary>
public sealed class ProcessedEvent
{
    public Guid EventId { get; set; }

    public required string Handler { get; set; }

    public DateTime ProcessedUtc { get; set; }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("OutboxMessages");
        builder.HasIndex(m => m.EventId).IsUnique();
        builder.Property(m => m.Type).HasMaxLength(300);
        builder.Property(m => m.CorrelationId).HasMaxLength(100);
        builder.Property(m => m.LeasedBy).HasMaxLength(100);
        builder.Property(m => m.LastError).HasMaxLength(2000);
        builder.HasIndex(m => new { m.Status, m.NextAttemptUtc });
        builder.HasIndex(m => new { m.CorrelationId, m.Status, m.Id });
        builder.HasIndex(m => m.DispatchedUtc);
    }
}

internal sealed class ProcessedEventConfiguration : IEntityTypeConfiguration<ProcessedEvent>
{
    public void Configure(EntityTypeBuilder<ProcessedEvent> builder)
    {
        builder.ToTable("ProcessedEvents");
        builder.HasKey(p => new { p.EventId, p.Handler });
        builder.Property(p => p.Handler).HasMaxLength(300);
        builder.HasIndex(p => p.ProcessedUtc);
    }
}

/// <summary>
/// Wakes a background loop of this node (a dispatcher) early: <see cref="Notify"/> any number of times, and the next
/// <see cref="WaitAsync"/> returns at once; otherwise it waits for its poll interval. Each queue has its own subclass.
/// </summary>
public abstract class WakeSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        lock (_signal)
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public void Dispose()
    {
        _signal.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>Wakes this node's dispatcher when this node committed a new event, so delivery does not wait for the next poll.</summary>
public sealed class OutboxSignal : WakeSignal;

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

/// <summary>
/// While a handler runs: when the event it handles was raised (a workflow starts only for events raised after it was
/// enabled) and how deep in a chain of handler-raised events it is (<see cref="OutboxMessage.Depth"/>).
/// </summary>
public static class DeliveredEvent
{
    private static readonly AsyncLocal<(DateTime RaisedUtc, int Depth)?> Current = new();

    public static DateTime? RaisedUtc => Current.Value?.RaisedUtc;

    /// <summary>The delivered event's depth; null outside a handler.</summary>
    public static int? Depth => Current.Value?.Depth;

    public static IDisposable Enter(DateTime raisedUtc, int depth = 0)
    {
        var before = Current.Value;
        Current.Value = (raisedUtc, depth);
        return new Restore(before);
    }

    private sealed class Restore((DateTime, int)? before) : IDisposable
    {
        public void Dispose() => Current.Value = before;
    }
}
