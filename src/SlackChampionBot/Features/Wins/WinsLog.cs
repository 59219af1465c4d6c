namespace SlackChampionBot.Features.Wins;

/// <summary>Log messages of the wins feature (EventIds 2000–2099; the star ledger uses 2100–2199).</summary>
internal static partial class WinsLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Win {WinId} recorded in {ChannelId} with {CreditCount} colleague(s) credited")]
    public static partial void WinRecorded(ILogger logger, long winId, string channelId, int creditCount);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Win {WinId} edited: {Added} credit(s) added, {Removed} removed")]
    public static partial void WinEdited(ILogger logger, long winId, int added, int removed);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Win {WinId} deleted: {Reversed} star entr(ies) reversed")]
    public static partial void WinDeleted(ILogger logger, long winId, int reversed);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Cheer on win {WinId} refused ({Reason})")]
    public static partial void CheerRefused(ILogger logger, long winId, string reason);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "chat.getPermalink for a message in {ChannelId} failed ({ErrorCode}); the win is kept without a link")]
    public static partial void NoPermalink(ILogger logger, string channelId, string errorCode);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Could not tell {UserId} privately in {ChannelId} ({ErrorCode})")]
    public static partial void EphemeralFailed(ILogger logger, string userId, string channelId, string errorCode);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Could not celebrate win {WinId} ({ErrorCode})")]
    public static partial void CelebrationFailed(ILogger logger, long winId, string errorCode);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "Could not post a /win form win to {ChannelId} ({ErrorCode})")]
    public static partial void FormPostFailed(ILogger logger, string channelId, string errorCode);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "views.open for /win failed ({ErrorCode})")]
    public static partial void ModalOpenFailed(ILogger logger, string errorCode);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Information, Message = "Channel {ChannelId} was deleted: {Count} win(s) in it deleted and their stars reversed")]
    public static partial void ChannelDeleted(ILogger logger, string channelId, int count);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "Could not update the reply of win {WinId} ({ErrorCode})")]
    public static partial void ReplyUpdateFailed(ILogger logger, long winId, string errorCode);
}
