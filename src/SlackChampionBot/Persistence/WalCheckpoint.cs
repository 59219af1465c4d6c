using Microsoft.EntityFrameworkCore;

namespace SlackChampionBot.Persistence;

internal static class WalCheckpoint
{
    /// <summary>
    /// <c>PRAGMA wal_checkpoint(TRUNCATE)</c>: copies every WAL frame into the main file (overwriting the pages that held
    /// deleted or rewritten rows, which secure_delete zeroed) and empties the WAL, so what the bot just removed leaves
    /// both files. False when a reader or writer kept it from completing (the old frames then stay until the next one).
    /// Other providers: true (nothing to do).
    /// </summary>
    public static async Task<bool> TruncateWal(this BotDbContext db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite())
        {
            return true;
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return !(await reader.ReadAsync(cancellationToken) && reader.GetInt64(0) != 0);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
