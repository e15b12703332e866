using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace PartnerCms.Core.Data;

/// <summary>
/// Recognises the one database error that is a business answer: a unique index (or primary key) refusing a second row.
/// The index is named by its entity and properties, as the model declares it, and checked against what the database
/// said: PostgreSQL names the constraint (SQLSTATE 23505); SQLite names the table and columns
/// ("UNIQUE constraint failed: T.a, T.b"). Anything else — a lost connection, a foreign key, a timeout — is not a
/// unique violation and must propagate.
/// </summary>
public static partial class UniqueViolations
{
    /// <summary>True when <paramref name="exception"/> is a unique violation of the unique index (or key) of
    /// <typeparamref name="TEntity"/> over exactly <paramref name="properties"/>.</summary>
    public static bool IsUniqueViolation<TEntity>(this DbUpdateException exception, DbContext db, params string[] properties)
    {
        var entity = db.Model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var wanted = properties.ToHashSet(StringComparer.Ordinal);
        var constraint = entity.GetIndexes().Where(i => i.IsUnique).Select(i => (Properties: i.Properties, Name: i.GetDatabaseName(table)))
            .Concat(entity.GetKeys().Select(k => (Properties: k.Properties, Name: k.GetName(table))))
            .FirstOrDefault(c => c.Properties.Select(p => p.Name).ToHashSet(StringComparer.Ordinal).SetEquals(wanted));
        if (constraint.Name is null)
        {
            throw new InvalidOperationException($"{typeof(TEntity).Name} has no unique index over {string.Join(", ", properties)}.");
        }

        switch (exception.InnerException)
        {
            case PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } postgres:
                return string.Equals(postgres.ConstraintName, constraint.Name, StringComparison.Ordinal);
            case SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 } sqlite:
                var failed = SqliteColumns().Match(sqlite.Message);
                if (!failed.Success)
                {
                    return false;
                }

                var columns = failed.Groups["columns"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                var expected = constraint.Properties.Select(p => $"{table.Name}.{p.GetColumnName(table)}");
                return columns.ToHashSet(StringComparer.Ordinal).SetEquals(expected);
            default:
                return false;
        }
    }

    [GeneratedRegex(@"UNIQUE constraint failed: (?<columns>[^'\r\n]+)", System.Text.RegularExpressions.RegexOptions.NonBacktracking)]
    private static partial Regex SqliteColumns();
}
