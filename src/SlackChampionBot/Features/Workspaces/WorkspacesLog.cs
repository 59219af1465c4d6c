namespace SlackChampionBot.Features.Workspaces;

/// <summary>Workspaces log messages (the Slack connection): EventIds 1100–1199.</summary>
internal static partial class WorkspacesLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Connected to Slack workspace {TeamId} as bot user {BotUserId}")]
    public static partial void Connected(ILogger logger, string teamId, string botUserId);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "Slack rejected the bot token ({ErrorCode}); check Slack:BotToken")]
    public static partial void TokenRejected(ILogger logger, string errorCode);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Cannot reach Slack's Web API ({Reason}); retrying in {DelaySeconds} s")]
    public static partial void Unreachable(ILogger logger, string reason, double delaySeconds);
}
