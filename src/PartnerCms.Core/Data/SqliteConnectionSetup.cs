using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace PartnerCms.Core.Data;

/// <summary>
/// Prepares each SQLite connection once (pooled connections keep their native handle, and with it these settings):
/// <list type="bullet">
/// <item>SQLite's own busy timeout (30 s): a write that meets another node's or the dispatcher's write waits inside SQLite
/// (which retries every few milliseconds) instead of returning "busy" to the ADO.NET provider, whose retry sleeps 150 ms
/// at a time.</item>
/// <item><c>synchronous = NORMAL</c> (the database is in WAL mode): a commit is durable when the process dies and the
/// database is never corrupted, but is not flushed to the disk at every commit — the last commits before a power loss
/// or an operating-system crash may be lost. SQLite recommends it for WAL; each request's own writes (an audit entry
/// per page on behalf of a customer, R22) then cost no fsync. <c>Database:SqliteSynchronous = FULL</c> flushes at every
/// commit instead.</item>
/// </list>
/// Done once per native connection, not at every open: an open of a pooled connection then runs no command at all (it
/// used to run a PRAGMA before every query's open — one extra statement per query).
/// </summary>
public sealed class SqliteConnectionSetup(bool fullSync = false) : DbConnectionInterceptor
{
    private static readonly object Prepared = new();
    private readonly ConditionalWeakTable<sqlite3, object> _prepared = new();
    private readonly string _pragma = fullSync ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (Unprepared(connection) is { } handle)
        {
            using var command = connection.CreateCommand();
            command.CommandText = _pragma;
            command.ExecuteNonQuery();
            _prepared.AddOrUpdate(handle, Prepared);
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (Unprepared(connection) is { } handle)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = _pragma;
            await command.ExecuteNonQueryAsync(cancellationToken);
            _prepared.AddOrUpdate(handle, Prepared);
        }
    }

    /// <summary>The native handle when this connection has not been prepared yet (its busy timeout is set here).</summary>
    private sqlite3? Unprepared(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle } || _prepared.TryGetValue(handle, out _))
        {
            return null;
        }

        raw.sqlite3_busy_timeout(handle, 30_000);
        return handle;
    }
}
