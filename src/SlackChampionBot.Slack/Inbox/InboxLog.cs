using Microsoft.Extensions.Logging;

namespace SlackChampionBot.Slack.Inbox;

/// <summary>Event inbox dispatcher log messages: EventIds 3150–3199.</summary>
internal static partial class InboxLog
{
    [LoggerMessage(3150, LogLevel.Error, "The event inbox could not be read or updated; trying again shortly")]
    public static partial void InboxUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(3151, LogLevel.Error, "Event {EventId} in the inbox cannot be read; marked failed")]
    public static partial void EventUnreadable(ILogger logger, Exception exception, string eventId);

    [LoggerMessage(3152, LogLevel.Warning, "A handler for event {EventId} ({EventType}) failed on attempt {Attempt}; retrying at {RetryAt:O}")]
    public static partial void EventWillRetry(ILogger logger, Exception exception, string eventId, string eventType, int attempt, DateTime retryAt);

    [LoggerMessage(3153, LogLevel.Error, "A handler for event {EventId} ({EventType}) failed on attempt {Attempt}, the last one; marked failed")]
    public static partial void EventFailed(ILogger logger, Exception exception, string eventId, string eventType, int attempt);
}
