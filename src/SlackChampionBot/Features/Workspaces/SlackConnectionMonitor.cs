namespace SlackChampionBot.Features.Workspaces;

/// <summary>
/// Checks the bot token with auth.test at start-up and keeps the workspace and the bot's own user ID in
/// <see cref="SlackConnection"/>, retrying with backoff while Slack is unreachable (the bot keeps running; /readyz says
/// what is wrong). Nothing of it is stored: auth.test answers afresh at every start, and a stored copy would only go
/// stale (a reinstalled app, a renamed workspace).
/// </summary>
internal sealed class SlackConnectionMonitor(
    ISlackApiClient slack,
    SlackConnection connection,
    TimeProvider time,
    ILogger<SlackConnectionMonitor> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var auth = await slack.Auth.Test(stoppingToken);
                var identity = new BotIdentity(auth.TeamId, auth.UserId, auth.BotId, auth.Team);
                connection.MarkConnected(identity, time.GetUtcNow());
                WorkspacesLog.Connected(logger, identity.TeamId, identity.BotUserId);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (SlackException ex) when (ex.ErrorCode is "invalid_auth" or "not_authed" or "account_inactive" or "token_revoked" or "token_expired")
            {
                connection.MarkFailing($"Slack rejected the bot token ({ex.ErrorCode}): check Slack:BotToken (SLACK__BOTTOKEN) and reinstall the app if needed", time.GetUtcNow());
                WorkspacesLog.TokenRejected(logger, ex.ErrorCode);
            }
            catch (Exception ex)
            {
                var reason = ex is SlackException slackError ? slackError.ErrorCode : ex.GetType().Name;
                connection.MarkFailing($"cannot reach Slack's Web API ({reason}); retrying in {delay.TotalSeconds:0} s", time.GetUtcNow());
                WorkspacesLog.Unreachable(logger, reason, delay.TotalSeconds);
            }

            try
            {
                await Task.Delay(delay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetry.Ticks));
        }
    }
}

internal static partial class WorkspacesLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Connected to Slack workspace {TeamId} as bot user {BotUserId}")]
    public static partial void Connected(ILogger logger, string teamId, string botUserId);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "Slack rejected the bot token ({ErrorCode}); check Slack:BotToken")]
    public static partial void TokenRejected(ILogger logger, string errorCode);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Cannot reach Slack's Web API ({Reason}); retrying in {DelaySeconds} s")]
    public static partial void Unreachable(ILogger logger, string reason, double delaySeconds);
}
