namespace SlackChampionBot.Persistence;

/// <summary>Persistence log messages: EventIds 1000–1099 (migrations) and 3200–3219 (the event inbox).</summary>
internal static partial class PersistenceLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Database ready at {DataSource}: {PendingCount} migration(s) applied")]
    public static partial void MigrationsApplied(ILogger logger, int pendingCount, string dataSource);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Critical, Message = "Could not migrate the database at {DataSource}")]
    public static partial void MigrationFailed(ILogger logger, string dataSource, Exception exception);

    // The event inbox (SQLite's and PostgreSQL's): 3200–3219.
    [LoggerMessage(3200, LogLevel.Error, "An event inbox write batch of {Count} operations failed")]
    public static partial void BatchFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(3201, LogLevel.Information, "Event inbox pruned: {Done} processed and {Failed} failed event(s) removed, {Blanked} bod(ies) blanked")]
    public static partial void InboxPruned(ILogger logger, int done, int failed, int blanked);

    [LoggerMessage(3202, LogLevel.Warning, "A WAL checkpoint of the database failed; trying again in a second")]
    public static partial void CheckpointFailed(ILogger logger, Exception exception);
}
