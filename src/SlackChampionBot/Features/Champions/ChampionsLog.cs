namespace SlackChampionBot.Features.Champions;

/// <summary>Champions feature log messages: EventIds 5000–5099.</summary>
internal static partial class ChampionsLog
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Customer Champion nomination {NominationId}: {ManagerId} nominated {NomineeId} for {Month}")]
    public static partial void Nominated(ILogger logger, long nominationId, string managerId, string nomineeId, string month);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Nomination by {UserId} refused: {Refusal}")]
    public static partial void NominationRefused(ILogger logger, string userId, NominationRefusal refusal);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Customer Champion nomination {NominationId} withdrawn by {ManagerId}")]
    public static partial void Withdrawn(ILogger logger, long nominationId, string managerId);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Milestone title {Title} ({Stars} stars) granted to {UserId}")]
    public static partial void MilestoneGranted(ILogger logger, string title, int stars, string userId);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Champions: neither Champions:ManagerGroup nor Champions:Managers is set, so nobody can nominate a Customer Champion (set CHAMPIONS__MANAGERGROUP to a user group handle)")]
    public static partial void NoManagers(ILogger logger);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "Champions: no announce channel (set CHAMPIONS__ANNOUNCECHANNEL, or WINS__CHANNELS__0): nominations and milestones without a win are not announced in a channel")]
    public static partial void NoAnnounceChannel(ILogger logger);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "Posting about nomination {NominationId} failed ({Reason}); the next sweep tries again")]
    public static partial void NoticeFailed(ILogger logger, long nominationId, string reason);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Information, Message = "Champion of the Week for the week of {WeekStart} recorded: {UserId}")]
    public static partial void ChampionOfTheWeek(ILogger logger, DateOnly weekStart, string userId);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Information, Message = "Title {TitleId} ({Title}) of {UserId} revoked by {RevokedBy}")]
    public static partial void Revoked(ILogger logger, long titleId, string title, string userId, string revokedBy);
}
