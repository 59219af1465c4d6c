using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Features.Wins;
using SlackChampionBot.Persistence;

namespace SlackChampionBot.Features.Champions;

/// <summary>
/// Watches all-time star totals (the sum of the ledger): when a person reaches a milestone for the first time the
/// title is recorded once (key <c>milestone:{userId}:{stars}</c>, unique per team), in the same transaction as the
/// stars that reached it; it is celebrated once, after the message that gave the stars, in the thread of the win whose
/// stars crossed it (else where the caller says, else the announce channel). A total that drops below a milestone later
/// (a reversal) says nothing and the title stays, unless an admin revokes it; a revoked milestone is not granted again.
/// Idempotent: a retried event finds the title recorded and its celebration claimed.
/// </summary>
internal sealed class MilestoneTitles(
    BotDbContext db,
    ISlackApiClient slack,
    IOptions<ChampionsOptions> options,
    TimeProvider time,
    ILogger<MilestoneTitles> logger) : IStarsChangedObserver
{
    public static string Key(string userId, int stars) => $"milestone:{userId}:{stars}";

    /// <summary>Inside the ledger's transaction: records the milestones the receiver's total now reaches for the first time.</summary>
    public async Task OnStarsChanged(StarsChanged change, CancellationToken cancellationToken)
    {
        if (change.Delta <= 0)
        {
            return; // a reversal never reaches a milestone
        }

        var total = await db.Set<StarEntry>().AsNoTracking()
            .Where(e => e.TeamId == change.TeamId && e.ReceiverId == change.ReceiverId)
            .SumAsync(e => (int?)e.Amount, cancellationToken) ?? 0;
        var reached = options.Value.EffectiveMilestones.Where(m => m.Stars <= total).ToList();
        if (reached.Count == 0)
        {
            return;
        }

        // The ledger's write transaction holds SQLite's write lock, so nobody records the same key between this read
        // and the insert below.
        var keys = reached.Select(m => Key(change.ReceiverId, m.Stars)).ToList();
        var held = await db.Set<GrantedTitle>().AsNoTracking()
            .Where(t => t.TeamId == change.TeamId && keys.Contains(t.NaturalKey))
            .Select(t => t.NaturalKey)
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var granted = reached.Where(m => !held.Contains(Key(change.ReceiverId, m.Stars))).Select(milestone => new GrantedTitle
        {
            TeamId = change.TeamId,
            UserId = change.ReceiverId,
            Kind = TitleKind.Milestone,
            Name = milestone.Title.Trim(),
            NaturalKey = Key(change.ReceiverId, milestone.Stars),
            MilestoneStars = milestone.Stars,
            WinId = change.WinId,
            GrantedAt = now,
        }).ToList();
        if (granted.Count == 0)
        {
            return;
        }

        db.AddRange(granted);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var title in granted)
        {
            ChampionsLog.MilestoneGranted(logger, title.Name, title.MilestoneStars ?? 0, change.ReceiverId);
        }
    }

    public async Task AnnounceEarned(string teamId, IReadOnlyCollection<string> receiverIds, AnnouncementPlace? fallback, CancellationToken cancellationToken)
    {
        foreach (var userId in receiverIds)
        {
            await Celebrate(teamId, userId, fallback, cancellationToken);
        }
    }

    /// <summary>Posts the celebrations not yet posted; each is claimed first, so two deliveries never both post it.</summary>
    private async Task Celebrate(string teamId, string userId, AnnouncementPlace? fallback, CancellationToken cancellationToken)
    {
        var pending = await db.Set<GrantedTitle>().AsNoTracking()
            .Where(t => t.TeamId == teamId && t.UserId == userId && t.Kind == TitleKind.Milestone && t.CelebratedAt == null && t.RevokedAt == null)
            .OrderBy(t => t.MilestoneStars)
            .ToListAsync(cancellationToken);
        if (pending.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var mine = new List<GrantedTitle>();
        foreach (var title in pending)
        {
            var claimed = await db.Set<GrantedTitle>()
                .Where(t => t.Id == title.Id && t.CelebratedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.CelebratedAt, now), cancellationToken);
            if (claimed == 1)
            {
                mine.Add(title);
            }
        }

        if (mine.Count == 0)
        {
            return;
        }

        var ids = mine.Select(t => t.Id).ToList();
        try
        {
            var message = await Where(teamId, mine[^1].WinId, fallback, cancellationToken);
            if (message is null)
            {
                return;
            }

            message.Text = ChampionBlocks.MilestoneText(userId, mine.Select(t => (t.Name, t.MilestoneStars ?? 0)).ToList());
            await slack.Chat.PostMessage(message, cancellationToken);
        }
        catch
        {
            // Un-claim so that a retry of the event celebrates.
            await db.Set<GrantedTitle>().Where(t => ids.Contains(t.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.CelebratedAt, (DateTime?)null), CancellationToken.None);
            throw;
        }
    }

    private async Task<Message?> Where(string teamId, long? winId, AnnouncementPlace? fallback, CancellationToken cancellationToken)
    {
        if (winId is { } id && await db.Set<Win>().AsNoTracking().SingleOrDefaultAsync(w => w.TeamId == teamId && w.Id == id && w.DeletedAt == null, cancellationToken) is { } win)
        {
            return new Message { Channel = win.ChannelId, ThreadTs = win.MessageTs };
        }

        if (fallback is not null)
        {
            return new Message { Channel = fallback.ChannelId, ThreadTs = fallback.ThreadTs };
        }

        var channel = options.Value.AnnounceChannel;
        return string.IsNullOrWhiteSpace(channel) ? null : new Message { Channel = channel };
    }
}
