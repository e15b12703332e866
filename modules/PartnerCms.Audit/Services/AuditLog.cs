using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PartnerCms.Audit.Models;
using PartnerCms.Core.Audit;
using PartnerCms.Core.Data;

namespace PartnerCms.Audit.Services;

/// <summary>What a verification found: null <see cref="Problem"/> when every chain checked is intact.</summary>
public sealed record AuditVerification(int Chains, long Entries, string? Problem)
{
    public bool Intact => Problem is null;
}

public sealed class AuditFilter
{
    public string? User { get; set; }

    public string? Customer { get; set; }

    public string? Action { get; set; }

    public DateTime? From { get; set; }

    public DateTime? To { get; set; }
}

/// <summary>
/// The audit trail's store: appends entries to their organization's hash chain, verifies chains, and reads entries for
/// the viewers. There is no update or delete (retention aside): nothing in the application can change an entry.
/// </summary>
public sealed class AuditLog(PartnerCmsDbContext db)
{
    public const int PageSize = 50;

    private const string VerifyReason = "verifying a chain reads every entry in it; only the verdict is shown";

    /// <summary>
    /// Appends one entry (idempotent by event id). The chain head is advanced with a conditional UPDATE on its sequence,
    /// so of two writers on one chain one wins and the other reads the new head and tries again.
    /// </summary>
    public async Task AppendAsync(AuditRecorded record, CancellationToken cancellationToken = default)
    {
        if (await db.Set<AuditEntry>().AcrossOrganizations("an event id is unique across chains").AnyAsync(e => e.EventId == record.Id, cancellationToken))
        {
            return;
        }

        var chainId = ChainOf(record);
        // The head and the entry change together: in the caller's transaction (an event's delivery), else in one of ours.
        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var head = await db.Set<AuditChainHead>().AsNoTracking().FirstOrDefaultAsync(h => h.ChainId == chainId, cancellationToken);
            var entry = NewEntry(record, chainId, (head?.Sequence ?? 0) + 1, head?.Hash ?? string.Empty);
            bool advanced;
            if (head is null)
            {
                db.Add(new AuditChainHead { ChainId = chainId, Sequence = entry.Sequence, Hash = entry.Hash });
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    advanced = true;
                }
                catch (DbUpdateException ex) when (ex.IsUniqueViolation<AuditChainHead>(db, nameof(AuditChainHead.ChainId)))
                {
                    // Another writer started the chain first: forget our head row (only it) and read theirs.
                    foreach (var entry2 in db.ChangeTracker.Entries<AuditChainHead>().Where(e => e.State == EntityState.Added).ToList())
                    {
                        entry2.State = EntityState.Detached;
                    }

                    advanced = false;
                }
            }
            else
            {
                var previous = head.Sequence;
                advanced = await db.Set<AuditChainHead>().Where(h => h.ChainId == chainId && h.Sequence == previous)
                    .ExecuteUpdateAsync(set => set.SetProperty(h => h.Sequence, entry.Sequence).SetProperty(h => h.Hash, entry.Hash), cancellationToken) == 1;
            }

            if (advanced)
            {
                db.Add(entry);
                await db.SaveChangesAsync(cancellationToken);
                if (own is not null)
                {
                    await own.CommitAsync(cancellationToken);
                }

                return;
            }
        }

        throw new InvalidOperationException($"The audit chain {chainId} is too busy; the entry will be written on the next delivery.");
    }

    public static string ChainOf(AuditRecorded record) =>
        !string.IsNullOrEmpty(record.CustomerOrganizationId) ? record.CustomerOrganizationId
        : !string.IsNullOrEmpty(record.PartnerOrganizationId) ? record.PartnerOrganizationId
        : "platform";

    /// <summary>
    /// Appends several entries to one chain inside the caller's transaction (the group-commit writer): reads the head
    /// once, chains the entries, and moves the head with one conditional UPDATE (or inserts it). False when another writer
    /// moved the head first (the caller rolls back and tries again).
    /// </summary>
    internal static async Task<bool> AppendManyAsync(PartnerCmsDbContext db, string chainId, IReadOnlyList<AuditRecorded> records, CancellationToken cancellationToken)
    {
        var head = await db.Set<AuditChainHead>().AsNoTracking().FirstOrDefaultAsync(h => h.ChainId == chainId, cancellationToken);
        var sequence = head?.Sequence ?? 0;
        var previousHash = head?.Hash ?? string.Empty;
        foreach (var record in records)
        {
            var entry = NewEntry(record, chainId, ++sequence, previousHash);
            db.Add(entry);
            previousHash = entry.Hash;
        }

        if (head is null)
        {
            db.Add(new AuditChainHead { ChainId = chainId, Sequence = sequence, Hash = previousHash });
            return true;
        }

        var before = head.Sequence;
        var last = sequence;
        var hash = previousHash;
        return await db.Set<AuditChainHead>().Where(h => h.ChainId == chainId && h.Sequence == before)
            .ExecuteUpdateAsync(set => set.SetProperty(h => h.Sequence, last).SetProperty(h => h.Hash, hash), cancellationToken) == 1;
    }

    private static AuditEntry NewEntry(AuditRecorded record, string chainId, long sequence, string previousHash)
    {
        var entry = new AuditEntry
        {
            EventId = record.Id,
            ChainId = chainId,
            Sequence = sequence,
            // Whole microseconds: what PostgreSQL keeps, so the hash of the stored row is the hash written.
            OccurredUtc = new DateTime(record.OccurredUtc.Ticks - (record.OccurredUtc.Ticks % 10), DateTimeKind.Utc),
            ActorUserId = record.ActorUserId,
            ActorUserName = Cut(record.ActorUserName, 256),
            ActorOrganizationId = record.ActorOrganizationId,
            PartnerOrganizationId = record.PartnerOrganizationId ?? string.Empty,
            CustomerOrganizationId = record.CustomerOrganizationId ?? string.Empty,
            Action = Cut(record.Action, 100),
            Target = record.Target is null ? null : Cut(record.Target, 400),
            Outcome = Cut(record.Outcome, 40),
            IpAddress = record.IpAddress,
            PreviousHash = previousHash,
            Hash = string.Empty,
        };
        entry.Hash = HashOf(entry);
        return entry;
    }

    /// <summary>The hash of an entry: SHA-256 over the previous hash and every recorded field.</summary>
    public static string HashOf(AuditEntry entry)
    {
        var text = string.Join('\u001f',
            entry.PreviousHash, entry.ChainId, entry.Sequence.ToString(CultureInfo.InvariantCulture), entry.EventId.ToString("N"),
            entry.OccurredUtc.Ticks.ToString(CultureInfo.InvariantCulture), entry.ActorUserId ?? string.Empty, entry.ActorUserName,
            entry.ActorOrganizationId ?? string.Empty, entry.PartnerOrganizationId, entry.CustomerOrganizationId, entry.Action,
            entry.Target ?? string.Empty, entry.Outcome, entry.IpAddress ?? string.Empty);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>
    /// Checks chains: every entry's hash, every link to the entry before, no gap in the sequence, and the head naming the
    /// last entry (so deleted newest rows are found too). The first remaining entry may follow pruned ones.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(IReadOnlyCollection<string>? chainIds = null, CancellationToken cancellationToken = default)
    {
        var heads = db.Set<AuditChainHead>().AsNoTracking();
        if (chainIds is not null)
        {
            heads = heads.Where(h => chainIds.Contains(h.ChainId));
        }

        long count = 0;
        var chains = await heads.ToListAsync(cancellationToken);
        foreach (var head in chains)
        {
            AuditEntry? previous = null;
            await foreach (var entry in db.Set<AuditEntry>().AcrossOrganizations(VerifyReason).AsNoTracking().Where(e => e.ChainId == head.ChainId).OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                count++;
                entry.OccurredUtc = DateTime.SpecifyKind(entry.OccurredUtc, DateTimeKind.Utc);
                if (HashOf(entry) != entry.Hash)
                {
                    return new(chains.Count, count, $"Entry {entry.Sequence} of chain {head.ChainId} was changed after it was written.");
                }

                if (previous is not null && (entry.Sequence != previous.Sequence + 1 || entry.PreviousHash != previous.Hash))
                {
                    return new(chains.Count, count, $"Entries {previous.Sequence + 1}–{entry.Sequence - 1} of chain {head.ChainId} are missing, or entry {entry.Sequence} was changed.");
                }

                if (previous is null && entry.Sequence == 1 && entry.PreviousHash.Length != 0)
                {
                    return new(chains.Count, count, $"Entry 1 of chain {head.ChainId} was changed after it was written.");
                }

                previous = entry;
            }

            if (previous is null || previous.Sequence != head.Sequence || previous.Hash != head.Hash)
            {
                return new(chains.Count, count, $"The newest entries of chain {head.ChainId} (up to {head.Sequence}) are missing.");
            }
        }

        return new(chains.Count, count, null);
    }

    /// <summary>Entries about the organization (as partner or customer; the organization filter keeps it to those), newest first.</summary>
    public IQueryable<AuditEntry> Query(AuditFilter filter)
    {
        var query = db.Set<AuditEntry>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.User))
        {
            var user = filter.User.Trim();
            query = query.Where(e => e.ActorUserName == user);
        }

        if (!string.IsNullOrWhiteSpace(filter.Customer))
        {
            var customer = filter.Customer.Trim();
            query = query.Where(e => e.CustomerOrganizationId == customer);
        }

        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            var action = filter.Action.Trim();
            query = query.Where(e => e.Action == action);
        }

        if (filter.From is { } from)
        {
            var fromUtc = DateTime.SpecifyKind(from.Date, DateTimeKind.Utc);
            query = query.Where(e => e.OccurredUtc >= fromUtc);
        }

        if (filter.To is { } to)
        {
            var toUtc = DateTime.SpecifyKind(to.Date.AddDays(1), DateTimeKind.Utc);
            query = query.Where(e => e.OccurredUtc < toUtc);
        }

        return query.OrderByDescending(e => e.OccurredUtc).ThenByDescending(e => e.Id);
    }

    private static string Cut(string value, int length) => value.Length <= length ? value : value[..length];
}
