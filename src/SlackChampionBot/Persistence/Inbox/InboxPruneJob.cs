using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SlackChampionBot.Scheduling;
using SlackChampionBot.Slack.Inbox;

namespace SlackChampionBot.Persistence.Inbox;

/// <summary>
/// Keeps the event inbox small and free of what people wrote: processed events are only needed to recognise Slack's
/// retries (which stop within hours), so they go after <see cref="KeepDone"/>; failed events are kept longer, for
/// inspection, but their bodies only for <see cref="InboxOptions.FailedBodyDays"/>. A processed row that still has a
/// body (stored before bodies were dropped at once) loses it here. Pending events are never touched. Idempotent: it
/// works by age, so running twice changes nothing.
/// </summary>
internal sealed class InboxPruneJob(BotDbContext db, IOptions<InboxOptions> options, TimeProvider time, ILogger<InboxPruneJob> logger) : IScheduledJob
{
    public const string JobId = "inbox-prune";
    public static readonly TimeSpan KeepDone = TimeSpan.FromDays(7);
    public static readonly TimeSpan KeepFailed = TimeSpan.FromDays(InboxOptions.KeepFailedDays);

    public async Task Run(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var doneBefore = now - KeepDone;
        var failedBefore = now - KeepFailed;
        var failedBodyBefore = now - TimeSpan.FromDays(options.Value.FailedBodyDays);

        var done = await db.Set<SlackEventInboxEntry>()
            .Where(e => e.Status == SlackInboxStatus.Done && e.ReceivedAt < doneBefore)
            .ExecuteDeleteAsync(cancellationToken);
        var failed = await db.Set<SlackEventInboxEntry>()
            .Where(e => e.Status == SlackInboxStatus.Failed && e.ReceivedAt < failedBefore)
            .ExecuteDeleteAsync(cancellationToken);
        var blanked = await db.Set<SlackEventInboxEntry>()
            .Where(e => e.RawJson != null
                && (e.Status == SlackInboxStatus.Done || (e.Status == SlackInboxStatus.Failed && e.ReceivedAt < failedBodyBefore)))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.RawJson, (string?)null), cancellationToken);

        PersistenceLog.InboxPruned(logger, done, failed, blanked);
    }
}
