namespace SlackChampionBot.Features.Leaderboards;

/// <summary>Log messages of the Leaderboards feature: EventIds 6000–6099.</summary>
internal static partial class LeaderboardsLog
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Warning, Message = "Leaderboards:Channel is not set, so the weekly leaderboard is not posted (set LEADERBOARDS__CHANNEL to a channel ID to turn it on)")]
    public static partial void NoChannel(ILogger logger);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Weekly leaderboard for {Week} posted to {Channel} (ts {Ts})")]
    public static partial void Posted(ILogger logger, string week, string channel, string? ts);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Debug, Message = "Weekly leaderboard for {Week} already posted; nothing to do")]
    public static partial void AlreadyPosted(ILogger logger, string week);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Weekly leaderboard for {Week}: an earlier attempt stopped while posting, so it may already be in the channel; it is not posted again (check the channel; to post it anyway set weekly_posts.state to 3 for team {TeamId}, week {Week})")]
    public static partial void OutcomeUnknown(ILogger logger, string week, string teamId);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "Weekly leaderboard for {Week}: Slack refused the post ({Reason}); the scheduler will retry")]
    public static partial void PostFailed(ILogger logger, string week, string reason);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Error, Message = "Weekly leaderboard for {Week}: the post may or may not have reached Slack; it will not be posted again automatically")]
    public static partial void PostAmbiguous(ILogger logger, string week, Exception exception);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Debug, Message = "No weekly leaderboard is due (no scheduled time in the last {Hours} h)")]
    public static partial void NothingDue(ILogger logger, int hours);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Information, Message = "Weekly leaderboard for {Week} archived: {Rows} row(s)")]
    public static partial void Archived(ILogger logger, string week, int rows);

    [LoggerMessage(EventId = 6009, Level = LogLevel.Information, Message = "Star totals caught up to ledger entry {LastEntryId} ({Count} new entries, time zone {TimeZone})")]
    public static partial void TotalsCaughtUp(ILogger logger, long lastEntryId, int count, string timeZone);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Warning, Message = "App Home for {UserId} could not be published ({Reason})")]
    public static partial void HomeNotPublished(ILogger logger, string userId, string reason);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Warning, Message = "The chart for the weekly leaderboard {Week} could not be uploaded ({Reason}); the post itself is in the channel and is not posted again")]
    public static partial void ChartNotUploaded(ILogger logger, string week, string reason);
}
