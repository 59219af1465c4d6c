namespace SlackChampionBot.Features.People;

/// <summary>People log messages: EventIds 1300–1399.</summary>
internal static partial class PeopleLog
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Warning, Message = "users.info for {UserId} failed ({Reason}); using the cached profile")]
    public static partial void UsingStaleUser(ILogger logger, string userId, string reason);
}
