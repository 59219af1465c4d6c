using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Features.Leaderboards;

/// <summary>The recurring job: posts the week of its own occurrence, unless already posted (the database says what is done).</summary>
internal sealed class WeeklyLeaderboardJob(WeeklyPostService posts) : IScheduledJob
{
    public Task Run(CancellationToken cancellationToken) => posts.PostScheduled(cancellationToken);
}

/// <summary>
/// At start-up: if the bot was down at the scheduled time and comes back within the catch-up window, the week is
/// posted now (unless it already was). Failures are left to the schedule.
/// </summary>
internal sealed class WeeklyLeaderboardCatchUp(IServiceScopeFactory scopes, ILogger<WeeklyLeaderboardCatchUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<WeeklyPostService>().PostIfDue(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LeaderboardsLog.CatchUpFailed(logger, ex);
        }
    }
}
