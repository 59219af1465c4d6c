using Microsoft.Extensions.Logging;

namespace SlackChampionBot.Slack.Dispatch;

/// <summary>Inbound dispatch log messages: EventIds 3100–3149. Never a payload: only ids and names.</summary>
internal static partial class DispatchLog
{
    [LoggerMessage(3100, LogLevel.Debug, "Event {EventId} is already in the inbox (retry {RetryNum}); acknowledged without storing it again")]
    public static partial void DuplicateEvent(ILogger logger, string eventId, int retryNum);

    [LoggerMessage(3101, LogLevel.Warning, "No {Kind} handler is registered for {Key}; answered without running one")]
    public static partial void NoHandler(ILogger logger, InboundKind kind, string key);

    [LoggerMessage(3102, LogLevel.Error, "The {Kind} handler {Handler} for {Key} failed; Slack was answered anyway")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, InboundKind kind, string key, string handler);

    [LoggerMessage(3107, LogLevel.Debug, "Interaction type {Type} has no handler kind in this adapter; acknowledged")]
    public static partial void UnknownInteraction(ILogger logger, string type);
}
