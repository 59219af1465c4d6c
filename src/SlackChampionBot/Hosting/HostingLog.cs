namespace SlackChampionBot.Hosting;

/// <summary>Hosting log messages: EventIds 1600–1699 (readiness 1600–1609, sandbox 1620–1629).</summary>
internal static partial class HostingLog
{
    [LoggerMessage(EventId = 1600, Level = LogLevel.Debug, Message = "Not ready yet: {Checks}")]
    public static partial void NotReadyYet(ILogger logger, string checks, Exception? exception);

    [LoggerMessage(EventId = 1601, Level = LogLevel.Information, Message = "Ready: {Checks}")]
    public static partial void Ready(ILogger logger, string checks);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Warning, Message = "No longer ready: {Checks}")]
    public static partial void NoLongerReady(ILogger logger, string checks, Exception? exception);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Information, Message = "Ready again: {Checks}")]
    public static partial void ReadyAgain(ILogger logger, string checks);

    [LoggerMessage(EventId = 1620, Level = LogLevel.Warning, Message = "Sandbox time travel: {Job} failed")]
    public static partial void SandboxJobFailed(ILogger logger, string job, Exception exception);
}
