using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PartnerCms.Core.Caching;

namespace PartnerCms.Core.Organizations;

/// <summary>
/// Organization names for the admin layout's top bar, kept per node for five minutes and forgotten on every node as
/// soon as an organization is saved (<see cref="OrganizationChangeInterceptor"/> through <see cref="ClusterInvalidation"/>):
/// a page no longer reads its organization's row to show its name.
/// </summary>
public sealed class OrganizationNameCache
{
    public const string Topic = "organization";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, (string? Name, DateTimeOffset Until)> _names = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private long _generation;

    public OrganizationNameCache(ClusterInvalidation invalidation, TimeProvider clock)
    {
        _clock = clock;
        invalidation.Subscribe(Topic, Forget);
    }

    /// <summary>Changes with every forgotten name: read it before the database, give it to <see cref="Set"/>.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public bool TryGet(string organizationId, out string? name)
    {
        if (_names.TryGetValue(organizationId, out var entry) && entry.Until > _clock.GetUtcNow())
        {
            name = entry.Name;
            return true;
        }

        name = null;
        return false;
    }

    /// <summary>Keeps a name read from the database, unless a name was forgotten since the read began (it may be older).</summary>
    public void Set(string organizationId, string? name, long generationBeforeRead)
    {
        if (Generation == generationBeforeRead)
        {
            _names[organizationId] = (name, _clock.GetUtcNow() + Lifetime);
        }
    }

    public void Forget(string organizationId)
    {
        Interlocked.Increment(ref _generation);
        _names.TryRemove(organizationId, out _);
    }
}

/// <summary>Publishes the ids of organizations a save changed, once the change is committed (after the transaction, if any).</summary>
public sealed class OrganizationChangeInterceptor(ClusterInvalidation invalidation) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly ConditionalWeakTable<DbContext, HashSet<string>> Pending = new();

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

    private static void Collect(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        foreach (var entry in context.ChangeTracker.Entries<Organization>())
        {
            if (entry.State is EntityState.Modified or EntityState.Deleted)
            {
                Pending.GetOrCreateValue(context).Add(entry.Entity.Id);
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
        if (context is null || !Pending.TryGetValue(context, out var ids))
        {
            return;
        }

        Pending.Remove(context);
        foreach (var id in ids)
        {
            invalidation.Publish(OrganizationNameCache.Topic, id);
        }
    }
}
