using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SlackChampionBot.Persistence;

/// <summary>
/// Sets the per-connection SQLite pragmas on every opened connection: a busy timeout (so concurrent writers wait instead
/// of failing), synchronous=NORMAL (safe with WAL), foreign keys, and secure_delete, so that what the bot deletes is
/// overwritten with zeros in the page (and in the freelist) instead of lingering in the file: a closed pulse's
/// participation keys and DM references must not be readable from free space (issue #11; the bundled SQLite honours
/// it, see SqliteConnectionSetupTests). WAL itself is a property of the file, set once when migrating; deleted pages
/// still sit in the WAL until a checkpoint, which is why closing a pulse ends with <c>wal_checkpoint(TRUNCATE)</c>.
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
        command.CommandText = $"PRAGMA busy_timeout = {busyTimeoutMilliseconds}; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;";
        command.ExecuteNonQuery();
    }

    private void Apply(DbConnection connection) => Apply(connection, busyTimeoutMilliseconds);
}
