using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SlackChampionBot.Persistence;

/// <summary>
/// SQLite's one-writer rule, kept on PostgreSQL. Every explicit transaction the bot opens through EF (a star award with
/// its fair-play checks, a leaderboard catch-up, a pulse close, an archive) was written for SQLite, where a transaction
/// begins <c>IMMEDIATE</c>: it holds the database's write lock from its first statement, so its reads cannot be made
/// stale by another writer before it commits. PostgreSQL's default (READ COMMITTED) gives no such promise, and two
/// instances (or two requests in one) could each read "under the cap" and both award. So each transaction starts by
/// taking one transaction-level advisory lock, released at commit or rollback (also when the connection dies): the
/// bot's transactions run one at a time across every instance on the database, exactly as on SQLite, and every rule
/// proved there holds unchanged. Single statements (conditional claims, inserts that a unique index guards, the event
/// inbox's own connection) take no lock; they are atomic on their own. Slack is never called inside a transaction, so
/// the lock is held for database work only.
/// </summary>
internal sealed class PostgresWriteLock : DbTransactionInterceptor
{
    /// <summary>The advisory lock's key (any constant; locks are per database). "SCBwrite" in ASCII.</summary>
    public const long Key = 0x5343_4277_7269_7465;

    private static readonly string Sql = $"SELECT pg_advisory_xact_lock({Key})";

    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        using var command = Command(connection, result);
        command.ExecuteNonQuery();
        return result;
    }

    public override async ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        await using var command = Command(connection, result);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Sql;
        return command;
    }
}
