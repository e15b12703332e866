using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PartnerCms.Core.Caching;

/// <summary>A cache topic to publish when a save adds, changes or deletes an entity of a type, with the entity's key.</summary>
public sealed record InvalidateOnSave(Type EntityType, string Topic, Func<object, string> Key);

/// <summary>
/// Publishes the keys of saved entities that caches depend on (<see cref="InvalidateOnSave"/> rules any module
/// registers), once the change is committed: after SaveChanges, or after the transaction when there is one. Changes the
/// version stamps of <see cref="StampOnSave"/> rules at the same moment, awaited: the save (or the commit) returns only
/// once every node would see them.
/// </summary>
public sealed class SavedEntityInvalidation(ClusterInvalidation invalidation, IEnumerable<InvalidateOnSave> rules, VersionStamps stamps, IEnumerable<StampOnSave> stampRules) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly ConditionalWeakTable<DbContext, HashSet<(string? Topic, string Key)>> Pending = new();
    private readonly InvalidateOnSave[] _rules = [.. rules];
    private readonly StampOnSave[] _stampRules = [.. stampRules];

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
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            PublishAsync(eventData.Context).GetAwaiter().GetResult();
        }

        return result;
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            await PublishAsync(eventData.Context);
        }

        return result;
    }

    public void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => PublishAsync(eventData.Context).GetAwaiter().GetResult();

    public Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        PublishAsync(eventData.Context);

    private void Collect(DbContext? context)
    {
        if (context is null || (_rules.Length == 0 && _stampRules.Length == 0))
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

            foreach (var rule in _stampRules)
            {
                if (rule.EntityType.IsInstanceOfType(entry.Entity))
                {
                    foreach (var key in rule.Keys(entry))
                    {
                        // A null topic marks a version stamp.
                        Pending.GetOrCreateValue(context).Add((null, key));
                    }
                }
            }
        }
    }

    private async Task PublishAsync(DbContext? context)
    {
        if (context is null || !Pending.TryGetValue(context, out var keys))
        {
            return;
        }

        Pending.Remove(context);
        foreach (var (topic, key) in keys)
        {
            if (topic is not null)
            {
                invalidation.Publish(topic, key);
            }
        }

        await stamps.ChangeAsync([.. keys.Where(k => k.Topic is null).Select(k => k.Key)]);
    }
}
