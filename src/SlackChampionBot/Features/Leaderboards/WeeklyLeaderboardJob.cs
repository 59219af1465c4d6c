using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Features.Leaderboards;

/// <summary>
/// The weekly post's jobs. <see cref="Run"/> is the recurring one: it posts the week of its own occurrence, unless
/// already posted (the database says what is done). <see cref="CatchUp"/> is enqueued as the host starts: if the bot
/// was down at the scheduled time and comes back within the catch-up window, the week is posted now (unless it already
/// was); a failure is logged and left to the schedule.
/// </summary>
internal sealed class WeeklyLeaderboardJob(WeeklyPostService posts) : IScheduledJob
{
    public Task Run(CancellationToken cancellationToken) => posts.PostScheduled(cancellationToken);

    public Task CatchUp(CancellationToken cancellationToken) => posts.PostIfDue(cancellationToken);
}
