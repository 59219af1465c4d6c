using Microsoft.EntityFrameworkCore;
using SlackChampionBot.Scheduling;
using SlackChampionBot.Slack.Inbox;

namespace SlackChampionBot.Persistence.Inbox;

/// <summary>
/// Keeps the event inbox small: processed events are only needed to recognise Slack's retries (which stop within
/// hours), so they go after <see cref="KeepDone"/>; failed events are kept longer, for inspection. Pending events are
/// never touched. Idempotent: it deletes by age, so running twice changes nothing.
/// </summary>
internal sealed class InboxPruneJob(BotDbContext db, TimeProvider time, ILogger<InboxPruneJob> logger) : IScheduledJob
{
    public const string JobId = "inbox-prune";
    public static readonly TimeSpan KeepDone = TimeSpan.FromDays(7);
    public static readonly TimeSpan KeepFailed = TimeSpan.FromDays(30);

    public async Task Run(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var doneBefore = now - KeepDone;
        var failedBefore = now - KeepFailed;

        var done = await db.Set<SlackEventInboxEntry>()
            .Where(e => e.Status == SlackInboxStatus.Done && e.ReceivedAt < doneBefore)
            .ExecuteDeleteAsync(cancellationToken);
        var failed = await db.Set<SlackEventInboxEntry>()
            .Where(e => e.Status == SlackInboxStatus.Failed && e.ReceivedAt < failedBefore)
            .ExecuteDeleteAsync(cancellationToken);

        Log.InboxPruned(logger, done, failed);
    }
}
