using Microsoft.Extensions.Logging;

namespace SlackChampionBot.Slack.Dispatch;

/// <summary>Inbound dispatch log messages: EventIds 3100–3149.</summary>
internal static partial class Log
{
    [LoggerMessage(3100, LogLevel.Debug, "Event {EventId} is already in the inbox (retry {RetryNum}); acknowledged without storing it again")]
    public static partial void DuplicateEvent(ILogger logger, string eventId, int retryNum);

    [LoggerMessage(3101, LogLevel.Warning, "No handler is registered for slash command {Command}; answered that it is not set up")]
    public static partial void UnknownCommand(ILogger logger, string command);

    [LoggerMessage(3102, LogLevel.Error, "The handler {Handler} for slash command {Command} failed; answered with an apology")]
    public static partial void CommandHandlerFailed(ILogger logger, Exception exception, string command, string handler);

    [LoggerMessage(3103, LogLevel.Warning, "No handler is registered for block action {ActionId}; acknowledged without handling it")]
    public static partial void UnknownAction(ILogger logger, string actionId);

    [LoggerMessage(3104, LogLevel.Error, "The handler {Handler} for action {ActionId} failed; acknowledged anyway")]
    public static partial void ActionHandlerFailed(ILogger logger, Exception exception, string actionId, string handler);

    [LoggerMessage(3105, LogLevel.Warning, "No view submission handler is registered for callback_id {CallbackId}; acknowledged without handling it")]
    public static partial void UnknownView(ILogger logger, string callbackId);

    [LoggerMessage(3106, LogLevel.Error, "The view handler {Handler} for callback_id {CallbackId} failed; acknowledged anyway")]
    public static partial void ViewHandlerFailed(ILogger logger, Exception exception, string callbackId, string handler);

    [LoggerMessage(3107, LogLevel.Debug, "Interaction type {Type} has no handler kind in this adapter; acknowledged")]
    public static partial void UnknownInteraction(ILogger logger, string type);
}
