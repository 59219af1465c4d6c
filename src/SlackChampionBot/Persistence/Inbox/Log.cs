namespace SlackChampionBot.Persistence.Inbox;

/// <summary>SQLite event inbox log messages: EventIds 3200–3219.</summary>
internal static partial class Log
{
    [LoggerMessage(3200, LogLevel.Error, "An event inbox write batch of {Count} operations failed")]
    public static partial void BatchFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(3201, LogLevel.Information, "Event inbox pruned: {Done} processed and {Failed} failed event(s) removed, {Blanked} bod(ies) blanked")]
    public static partial void InboxPruned(ILogger logger, int done, int failed, int blanked);

    [LoggerMessage(3202, LogLevel.Warning, "A WAL checkpoint of the database failed; trying again in a second")]
    public static partial void CheckpointFailed(ILogger logger, Exception exception);
}
