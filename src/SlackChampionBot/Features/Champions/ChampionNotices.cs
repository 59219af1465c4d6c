using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SlackChampionBot.Features.People;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Persistence;
using SlackChampionBot.Rendering;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Features.Champions;

/// <summary>
/// Tells Slack about a nomination: a DM to the nominee (conversations.open + chat.postMessage), the announcement in
/// the announce channel, and, after an undo, a note in the announcement's thread. Each step is recorded on the
/// nomination, so repeating <see cref="Publish"/> sends only what has not been sent. A nomination withdrawn before it
/// was announced is never announced. A milestone title the bonus reached is celebrated after the announcement, in its
/// thread; until that succeeds the nomination counts as unfinished, so the next sweep tries again.
/// </summary>
internal sealed class ChampionNotices(
    BotDbContext db,
    ISlackApiClient slack,
    UserDirectory users,
    StarLedger ledger,
    IOptions<ChampionsOptions> options,
    TimeProvider time)
{
    /// <summary>
    /// How long a run holds a nomination's notices. Longer than the few Slack calls take, rate-limit waits included; a
    /// run cut off by a crash releases them when it lapses, and the next sweep sends what is still unsent.
    /// </summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(10);

    /// <summary>Hands a nomination's notices to a job of their own, so the command that made or undid it answers at once.</summary>
    public static void SendSoon(IBackgroundJobs jobs, long nominationId) =>
        jobs.Enqueue<ChampionNotices>(notices => notices.Publish(nominationId, CancellationToken.None));

    /// <summary>
    /// Sends what is still unsent. The nomination is claimed first (one conditional update), so two runs, on one
    /// instance or on two sharing a database, never send the same notice twice; a run that finds it claimed leaves it.
    /// </summary>
    public async Task Publish(long nominationId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claimed = await db.Set<ChampionNomination>()
            .Where(n => n.Id == nominationId && (n.NoticesClaimedUntil == null || n.NoticesClaimedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.NoticesClaimedUntil, now + ClaimLease), cancellationToken);
        if (claimed == 0)
        {
            return; // gone, or another run is sending its notices now
        }

        try
        {
            await PublishClaimed(nominationId, cancellationToken);
        }
        finally
        {
            await db.Set<ChampionNomination>().Where(n => n.Id == nominationId)
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.NoticesClaimedUntil, (DateTime?)null), CancellationToken.None);
        }
    }

    private async Task PublishClaimed(long nominationId, CancellationToken cancellationToken)
    {
        var nomination = await db.Set<ChampionNomination>().SingleOrDefaultAsync(n => n.Id == nominationId, cancellationToken);
        if (nomination is null)
        {
            return;
        }

        var bonus = nomination.BonusEntryId is null ? 0 : options.Value.BonusStars;
        if (nomination.WithdrawnAt is null)
        {
            var managerName = (await users.Get(nomination.TeamId, nomination.ManagerId, cancellationToken))?.DisplayName ?? nomination.ManagerId;
            var mentioned = await users.GetMany(nomination.TeamId, QuotedText.MentionedUserIds(nomination.Reason), cancellationToken);
            var names = mentioned.ToDictionary(u => u.Key, u => u.Value.DisplayName, StringComparer.Ordinal);
            Exception? failure = null;
            if (nomination.DmSentAt is null)
            {
                try
                {
                    var dm = await slack.Conversations.Open([nomination.NomineeId], cancellationToken);
                    var month = ChampionMonth.Parse(nomination.Month, default) ?? default;
                    await slack.Chat.PostMessage(ChampionBlocks.DirectMessage(dm, nomination, managerName, month, bonus, names), cancellationToken);
                    nomination.DmSentAt = time.GetUtcNow().UtcDateTime;
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The announcement still goes out; the DM is tried again at the next sweep.
                    failure = ex;
                }
            }

            if (nomination.AnnouncementTs is null && options.Value.AnnounceChannel is { Length: > 0 } channel)
            {
                var posted = await slack.Chat.PostMessage(ChampionBlocks.Announcement(channel, nomination, managerName, bonus, names), cancellationToken);
                nomination.AnnouncementChannelId = posted.Channel ?? channel;
                nomination.AnnouncementTs = posted.Ts ?? string.Empty;
                await db.SaveChangesAsync(cancellationToken);
            }

            // A milestone the bonus reached is celebrated after the announcement, in its thread.
            var announcement = nomination is { AnnouncementChannelId: { } announced, AnnouncementTs: { Length: > 0 } ts } ? new AnnouncementPlace(announced, ts) : null;
            await ledger.AnnounceEarned(nomination.TeamId, [nomination.NomineeId], announcement, cancellationToken);

            if (failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }
        }
        else if (nomination.WithdrawalNoticeAt is null && !string.IsNullOrEmpty(nomination.AnnouncementTs) && nomination.AnnouncementChannelId is not null)
        {
            await slack.Chat.PostMessage(ChampionBlocks.WithdrawalNotice(nomination), cancellationToken);
            nomination.WithdrawalNoticeAt = time.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>Nominations from the last day with something still to send (after a crash or a Slack outage).</summary>
    public async Task<IReadOnlyList<long>> Unfinished(CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow().UtcDateTime - TimeSpan.FromDays(1);
        var announcing = !string.IsNullOrWhiteSpace(options.Value.AnnounceChannel);
        return await db.Set<ChampionNomination>().AsNoTracking()
            .Where(n => n.CreatedAt >= since
                && ((n.WithdrawnAt == null && (n.DmSentAt == null || (announcing && n.AnnouncementTs == null)
                        || db.Set<GrantedTitle>().Any(t => t.TeamId == n.TeamId && t.UserId == n.NomineeId && t.Kind == TitleKind.Milestone && t.CelebratedAt == null && t.RevokedAt == null)))
                    || (n.WithdrawnAt != null && n.WithdrawalNoticeAt == null && n.AnnouncementTs != null && n.AnnouncementTs != "")))
            .Select(n => n.Id)
            .ToListAsync(cancellationToken);
    }
}

/// <summary>
/// Every few minutes, and once as the host starts: sends what is still unsent for the last day's nominations (after a
/// crash, a Slack outage, or a hand-off lost with a restart on SQLite). The command that made a nomination or undid it
/// hands its notices to a job of their own (<see cref="ChampionNotices.Publish"/>) so they go out at once.
/// </summary>
internal sealed class ChampionNoticeSweepJob(ChampionNotices notices, ILogger<ChampionNoticeSweepJob> logger) : IScheduledJob
{
    public const string JobId = "champion-notices";

    /// <summary>Every five minutes: the longest a notice waits after Slack comes back.</summary>
    public const string Cron = "*/5 * * * *";

    public async Task Run(CancellationToken cancellationToken)
    {
        foreach (var id in await notices.Unfinished(cancellationToken))
        {
            try
            {
                await notices.Publish(id, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One nomination's failure does not hold up the others; the next sweep tries it again.
                ChampionsLog.NoticeFailed(logger, id, ex is SlackException slackError ? slackError.ErrorCode : ex.GetType().Name);
            }
        }
    }
}
