namespace SlackChampionBot.Features.Pulse;

/// <summary>Pulse log messages, EventIds 2500-2599. Never an answer, a comment, or who answered.</summary>
internal static partial class PulseLog
{
    [LoggerMessage(EventId = 2500, Level = LogLevel.Information, Message = "Pulse survey {SurveyId} (#{Number}) opened; eNPS asked: {Enps}")]
    public static partial void SurveyOpened(ILogger logger, long surveyId, int number, bool enps);

    [LoggerMessage(EventId = 2501, Level = LogLevel.Information, Message = "Pulse survey {SurveyId}: audience of {Count} people recorded")]
    public static partial void AudienceResolved(ILogger logger, long surveyId, int count);

    [LoggerMessage(EventId = 2502, Level = LogLevel.Information, Message = "Pulse survey {SurveyId}: {Count} DM(s) sent in this run")]
    public static partial void FanOutFinished(ILogger logger, long surveyId, int count);

    [LoggerMessage(EventId = 2503, Level = LogLevel.Information, Message = "Pulse survey {SurveyId}: {Count} reminder(s) sent")]
    public static partial void RemindersSent(ILogger logger, long surveyId, int count);

    [LoggerMessage(EventId = 2504, Level = LogLevel.Information, Message = "Pulse survey {SurveyId} closed: {Delivered} delivered, {Responses} responses; participation links and the survey's salt deleted")]
    public static partial void SurveyClosed(ILogger logger, long surveyId, int delivered, int responses);

    [LoggerMessage(EventId = 2505, Level = LogLevel.Warning, Message = "Pulse delivery {DeliveryId}: outcome unknown ({Reason}); it will not be sent again")]
    public static partial void DeliveryUncertain(ILogger logger, long deliveryId, string reason);

    [LoggerMessage(EventId = 2506, Level = LogLevel.Warning, Message = "Pulse delivery {DeliveryId} failed: {ErrorCode}")]
    public static partial void DeliveryFailed(ILogger logger, long deliveryId, string errorCode);

    [LoggerMessage(EventId = 2507, Level = LogLevel.Warning, Message = "Pulse delivery {DeliveryId}: {Method} still rate limited after the client's retries; pausing")]
    public static partial void RateLimited(ILogger logger, long deliveryId, string method);

    [LoggerMessage(EventId = 2508, Level = LogLevel.Warning, Message = "Pulse reminder for delivery {DeliveryId} failed ({Reason}); no second attempt")]
    public static partial void ReminderFailed(ILogger logger, long deliveryId, string reason);

    [LoggerMessage(EventId = 2509, Level = LogLevel.Warning, Message = "Pulse audience user group {Group} not found in Slack")]
    public static partial void AudienceGroupNotFound(ILogger logger, string group);

    [LoggerMessage(EventId = 2510, Level = LogLevel.Warning, Message = "Pulse survey {SurveyId}: a click from someone who is not the DM's recipient was refused")]
    public static partial void NotRecipient(ILogger logger, long surveyId);

    [LoggerMessage(EventId = 2511, Level = LogLevel.Debug, Message = "Pulse survey {SurveyId}: an invalid answer button value was ignored")]
    public static partial void InvalidAnswer(ILogger logger, long surveyId);

    [LoggerMessage(EventId = 2513, Level = LogLevel.Warning, Message = "Pulse survey {SurveyId}: an answer was stored but the DM or the private confirmation could not be sent ({ErrorCode})")]
    public static partial void ReplyNotSent(ILogger logger, long surveyId, string errorCode);

    [LoggerMessage(EventId = 2514, Level = LogLevel.Warning, Message = "Pulse survey {SurveyId}: gave up tidying the DM of delivery {DeliveryId} after {Attempts} attempts; it may still show the survey")]
    public static partial void CleanUpGaveUp(ILogger logger, long surveyId, long deliveryId, int attempts);

    [LoggerMessage(EventId = 2515, Level = LogLevel.Information, Message = "Pulse survey {SurveyId}: {Count} closed DM(s) tidied in this run; the rest continue on the next pulse tick")]
    public static partial void CleanUpPaused(ILogger logger, long surveyId, int count);

    [LoggerMessage(EventId = 2516, Level = LogLevel.Information, Message = "Pulse survey {SurveyId}: clean-up finished ({Count} DM(s) tidied in the last run); no delivery row left, WAL checkpointed")]
    public static partial void CleanUpFinished(ILogger logger, long surveyId, int count);

    [LoggerMessage(EventId = 2517, Level = LogLevel.Warning, Message = "Pulse: the WAL checkpoint after closing a survey could not complete (a reader or writer was busy); it is tried again on the next pulse tick")]
    public static partial void CheckpointBusy(ILogger logger);

    [LoggerMessage(EventId = 2518, Level = LogLevel.Warning, Message = "Pulse clean-up paused: Slack answered {Method} with {ErrorCode}")]
    public static partial void CleanUpRefused(ILogger logger, string method, string errorCode);

    [LoggerMessage(EventId = 2519, Level = LogLevel.Warning, Message = "Pulse clean-up: tidying one DM failed ({Reason}); it is tried again later")]
    public static partial void CleanUpFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 2520, Level = LogLevel.Error, Message = "Pulse survey {SurveyId}: an answer or comment could not be handled ({Reason})")]
    public static partial void AnswerFailed(ILogger logger, long surveyId, string reason);

    [LoggerMessage(EventId = 2521, Level = LogLevel.Information, Message = "Pulse:ResponseSalt is set but no longer needed: each survey has its own random salt, destroyed when it closes. It is only used to finish a survey opened by an older version; remove it once that survey has closed")]
    public static partial void ResponseSaltNotNeeded(ILogger logger);
}
