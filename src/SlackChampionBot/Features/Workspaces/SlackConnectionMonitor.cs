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
