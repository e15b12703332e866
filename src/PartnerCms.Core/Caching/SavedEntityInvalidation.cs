using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PartnerCms.Core.Caching;

/// <summary>A cache topic to publish when a save adds, changes or deletes an entity of a type, with the entity's key.</summary>
public sealed record InvalidateOnSave(Type EntityType, string Topic, Func<object, string> Key);

/// <summary>
/// Publishes the keys of saved entities that caches depend on (<see cref="InvalidateOnSave"/> rules any module
/// registers), once the change is committed: after SaveChanges, or after the transaction when there is one.
/// </summary>
public sealed class SavedEntityInvalidation(ClusterInvalidation invalidation, IEnumerable<InvalidateOnSave> rules) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly ConditionalWeakTable<DbContext, HashSet<(string Topic, string Key)>> Pending = new();
    private readonly InvalidateOnSave[] _rules = [.. rules];

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        PublishUnlessInTransaction(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        PublishUnlessInTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => Publish(eventData.Context);

    public Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Publish(eventData.Context);
        return Task.CompletedTask;
    }

    private void Collect(DbContext? context)
    {
        if (context is null || _rules.Length == 0)
        {
            return;
        }

        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            foreach (var rule in _rules)
            {
                if (rule.EntityType.IsInstanceOfType(entry.Entity))
                {
                    Pending.GetOrCreateValue(context).Add((rule.Topic, rule.Key(entry.Entity)));
                }
            }
        }
    }

    private void PublishUnlessInTransaction(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null)
        {
            Publish(context);
        }
    }

    private void Publish(DbContext? context)
    {
        if (context is null || !Pending.TryGetValue(context, out var keys))
        {
            return;
        }

        Pending.Remove(context);
        foreach (var (topic, key) in keys)
        {
            invalidation.Publish(topic, key);
        }
    }
}
