using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace SlackChampionBot.Persistence;

internal static class WriteTransaction
{
    /// <summary>The key of PostgreSQL's advisory lock that stands for SQLite's one writer ("CBOT").</summary>
    private const long PostgresWriterLock = 0x43424F54;

    /// <summary>
    /// A transaction that writes, one at a time. On SQLite <c>BeginTransaction</c> is <c>BEGIN IMMEDIATE</c>: it takes
    /// the database's one write lock first, so two such transactions never interleave, and the code that counts
    /// (allowances, limits, totals) and then writes inside one relies on that. PostgreSQL's transactions run side by side
    /// (read committed), so there the same guarantee comes from one transaction-level advisory lock taken first, held
    /// until commit or rollback, across every bot process on the database.
    /// </summary>
    public static async Task<IDbContextTransaction> BeginWriteTransactionAsync(this DatabaseFacade database, CancellationToken cancellationToken = default)
    {
        var transaction = await database.BeginTransactionAsync(cancellationToken);
        if (database.IsNpgsql())
        {
            await database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({PostgresWriterLock})", cancellationToken);
        }

        return transaction;
    }
}
