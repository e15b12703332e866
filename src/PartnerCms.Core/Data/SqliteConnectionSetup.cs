using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PartnerCms.Core.Data;

/// <summary>
/// Sets SQLite's own busy timeout on every connection: a write that meets another node's or the dispatcher's write
/// waits inside SQLite (which retries every few milliseconds) instead of returning "busy" to the ADO.NET provider,
/// whose retry sleeps 150 ms at a time.
/// </summary>
public sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    private const string Pragma = "PRAGMA busy_timeout = 30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
