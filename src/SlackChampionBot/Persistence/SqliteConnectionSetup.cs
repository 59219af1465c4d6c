using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SlackChampionBot.Persistence;

/// <summary>
/// Sets the per-connection SQLite pragmas on every opened connection: a busy timeout (so concurrent writers wait instead
/// of failing), synchronous=NORMAL (safe with WAL) and foreign keys. WAL itself is a property of the file, set once
/// when migrating.
/// </summary>
internal sealed class SqliteConnectionSetup(int busyTimeoutMilliseconds) : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    public static void Apply(DbConnection connection, int busyTimeoutMilliseconds)
    {
        if (connection is not SqliteConnection)
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {busyTimeoutMilliseconds}; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";
        command.ExecuteNonQuery();
    }

    private void Apply(DbConnection connection) => Apply(connection, busyTimeoutMilliseconds);
}
