namespace SlackChampionBot.Scheduling;

/// <summary>Scheduling log messages: EventIds 1500–1599.</summary>
internal static partial class SchedulingLog
{
    [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "Recurring job {JobId} scheduled at \"{Cron}\" ({TimeZone})")]
    public static partial void JobRegistered(ILogger logger, string jobId, string cron, string timeZone);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Error, Message = "Background job {Job} ({JobId}) failed; it is not retried")]
    public static partial void JobFailed(ILogger logger, string job, string jobId, Exception exception);

    [LoggerMessage(EventId = 1510, Level = LogLevel.Information, Message = "Job dashboard: http://127.0.0.1:{Port}{Path} on the loopback-only management port{AndCredentials} (from another machine: ssh -L {Port}:127.0.0.1:{Port} to this host)")]
    public static partial void DashboardOnManagementPort(ILogger logger, int port, string path, string andCredentials);

    [LoggerMessage(EventId = 1511, Level = LogLevel.Information, Message = "Job dashboard: {Path} with basic auth (Scheduling:DashboardUser); serve it over TLS")]
    public static partial void DashboardWithCredentials(ILogger logger, string path);

    [LoggerMessage(EventId = 1512, Level = LogLevel.Information, Message = "Job dashboard off. To turn it on, set Scheduling:DashboardPort (SCHEDULING__DASHBOARDPORT) to a free port for a loopback-only management listener and reach it with an ssh tunnel, or set Scheduling:DashboardUser and Scheduling:DashboardPassword for basic auth")]
    public static partial void DashboardOff(ILogger logger);
}
