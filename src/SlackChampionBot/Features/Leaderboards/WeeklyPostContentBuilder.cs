using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SlackChampionBot.Features.Champions;
using SlackChampionBot.Features.People;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Features.Wins;
using SlackChampionBot.Persistence;
using SlackChampionBot.Rendering;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Features.Leaderboards;

/// <summary>
/// What the weekly post shows (<see cref="WeeklyPostContent"/>): the week's table (archived as posted, or live from the
/// ledger), the Customer Champion of the Week, the climbers, new champions, the win of the week and the win counts.
/// It reads only; <see cref="WeeklyPostService"/> claims, archives and posts.
/// </summary>
internal sealed class WeeklyPostContentBuilder(
    BotDbContext db,
    ITitleService titles,
    UserDirectory users,
    IOptions<LeaderboardOptions> options,
    IOptions<SchedulingOptions> scheduling)
{
    private readonly Periods _periods = new(scheduling.Value.TimeZoneInfo);

    /// <summary>An archived week as it was posted (null when that week was never archived).</summary>
    public async Task<IReadOnlyList<Standing>?> ArchivedWeek(string teamId, DateOnly weekStart, CancellationToken cancellationToken)
    {
        var rows = await db.Set<WeeklySnapshotRow>().AsNoTracking()
            .Where(s => s.TeamId == teamId && s.WeekStart == weekStart)
            .OrderBy(s => s.Rank).ThenBy(s => s.UserId)
            .ToListAsync(cancellationToken);
        if (rows.Count == 0 && !await db.Set<WeeklyPost>().AnyAsync(p => p.TeamId == teamId && p.WeekStart == weekStart, cancellationToken))
        {
            return null;
        }

        return rows.Select(r => new Standing(r.Rank, rows.Count(o => o.Rank == r.Rank) > 1, r.UserId, r.Stars)).ToList();
    }

    /// <summary>Everything the post shows, from the archived table and the ledger up to <paramref name="cutoffUtc"/>.</summary>
    public async Task<WeeklyPostContent> Build(string teamId, Period week, DateTime cutoffUtc, CancellationToken cancellationToken)
    {
        var topN = options.Value.TopN;
        var table = await ArchivedWeek(teamId, week.Start, cancellationToken) ?? await LiveTable(teamId, week, cutoffUtc, cancellationToken);
        var top = table.Where(s => s.Rank <= topN).Take(topN * 2).ToList();

        var champion = await ChampionOfTheWeek(teamId, week, cutoffUtc, table.Where(s => s.Rank == 1).ToList(), cancellationToken);
        var previous = _periods.Previous(week);
        var previousTable = await ArchivedWeek(teamId, previous.Start, cancellationToken) ?? await LiveTable(teamId, previous, previous.EndUtc!.Value, cancellationToken);
        var previousRanks = previousTable.ToDictionary(s => s.UserId, s => s.Rank);
        var outside = previousTable.Count + 1;
        var climbers = top
            .Select(s => previousRanks.TryGetValue(s.UserId, out var before)
                ? new Climber(s.UserId, s.Rank, before, before - s.Rank)
                : new Climber(s.UserId, s.Rank, null, outside - s.Rank))
            .Where(c => c.PlacesGained > 0)
            .OrderByDescending(c => c.PlacesGained).ThenBy(c => c.Rank).ThenBy(c => c.UserId, StringComparer.Ordinal)
            .Take(3)
            .ToList();

        var newChampions = await titles.ChampionsGranted(teamId, week.StartUtc, cutoffUtc, cancellationToken);

        var wins = await db.Set<Win>().AsNoTracking()
            .Where(w => w.TeamId == teamId && w.DeletedAt == null && w.CreatedAt >= week.StartUtc && w.CreatedAt < cutoffUtc)
            .Select(w => new { w.Id, w.PosterId, w.Text, w.Customer, w.Permalink, w.Stage, w.Experience, w.CreatedAt })
            .ToListAsync(cancellationToken);
        var winIds = wins.Select(w => w.Id).ToHashSet();

        // A cheer on a win of this week was given this week; so was any reversal of it.
        var cheerers = (await Cheers(teamId, week.StartUtc, cutoffUtc, cancellationToken))
            .Where(c => c.WinId is { } id && winIds.Contains(id))
            .GroupBy(c => c.WinId!.Value)
            .ToDictionary(g => g.Key, g => g.Select(c => c.GiverId).Distinct().Count());
        var best = wins
            .Select(w => (Win: w, Cheerers: cheerers.GetValueOrDefault(w.Id)))
            .Where(x => x.Cheerers > 0)
            .OrderByDescending(x => x.Cheerers).ThenBy(x => x.Win.CreatedAt).ThenBy(x => x.Win.Id)
            .FirstOrDefault();
        var winOfTheWeek = best.Win is null ? null : new WinOfTheWeek(best.Win.Id, best.Win.PosterId, best.Win.Text, best.Win.Customer, best.Win.Permalink, best.Cheerers);

        var byStage = wins.GroupBy(w => w.Stage).OrderBy(g => g.Key ?? (LifecycleStage)int.MaxValue).Select(g => KeyValuePair.Create(g.Key, g.Count())).ToList();
        var byExperience = wins.GroupBy(w => w.Experience).OrderBy(g => g.Key ?? (ExperienceKind)int.MaxValue).Select(g => KeyValuePair.Create(g.Key, g.Count())).ToList();

        var people = top.Select(s => s.UserId)
            .Concat(climbers.Select(c => c.UserId))
            .Concat(newChampions.Select(c => c.UserId))
            .Append(champion?.UserId)
            .Append(winOfTheWeek?.PosterId)
            .Concat(QuotedText.MentionedUserIds(winOfTheWeek?.Text)) // the quote names them
            .OfType<string>()
            .Distinct()
            .ToList();
        var names = await users.CachedNames(teamId, people, cancellationToken);
        var badges = await titles.CurrentTitles(teamId, people, cutoffUtc, cancellationToken);
        return new WeeklyPostContent(week, cutoffUtc, top, champion, climbers, newChampions, winOfTheWeek, wins.Count, byStage, byExperience, names, badges);
    }

    /// <summary>The week's table straight from the ledger (stars given in [week start, cutoff)), opted-out people left out.</summary>
    public async Task<IReadOnlyList<Standing>> LiveTable(string teamId, Period week, DateTime cutoffUtc, CancellationToken cancellationToken)
    {
        var sums = await db.Set<StarEntry>().AsNoTracking()
            .Where(e => e.TeamId == teamId && e.CreatedAt >= week.StartUtc && e.CreatedAt < cutoffUtc)
            .Where(e => !db.Set<LeaderboardOptOut>().Any(o => o.TeamId == teamId && o.UserId == e.ReceiverId))
            .GroupBy(e => e.ReceiverId)
            .Select(g => new { UserId = g.Key, Stars = g.Sum(e => e.Amount) })
            .Where(x => x.Stars > 0)
            .ToListAsync(cancellationToken);
        return LeaderboardService.Rank(sums.OrderByDescending(s => s.Stars).ThenBy(s => s.UserId, StringComparer.Ordinal).Select(s => (s.UserId, s.Stars)));
    }

    /// <summary>Top of the week; ties broken by most distinct cheerers, then by who reached the total first.</summary>
    private async Task<Standing?> ChampionOfTheWeek(string teamId, Period week, DateTime cutoffUtc, IReadOnlyList<Standing> leaders, CancellationToken cancellationToken)
    {
        if (leaders.Count <= 1)
        {
            return leaders.FirstOrDefault();
        }

        var ids = leaders.Select(l => l.UserId).ToList();
        var cheerers = (await Cheers(teamId, week.StartUtc, cutoffUtc, cancellationToken))
            .Where(c => ids.Contains(c.ReceiverId))
            .GroupBy(c => c.ReceiverId)
            .ToDictionary(g => g.Key, g => g.Select(c => c.GiverId).Distinct().Count());
        var entries = await db.Set<StarEntry>().AsNoTracking()
            .Where(e => e.TeamId == teamId && e.CreatedAt >= week.StartUtc && e.CreatedAt < cutoffUtc && ids.Contains(e.ReceiverId))
            .Select(e => new { e.Id, e.ReceiverId, e.Amount, e.CreatedAt })
            .ToListAsync(cancellationToken);
        DateTime Reached(Standing leader)
        {
            var running = 0;
            foreach (var entry in entries.Where(e => e.ReceiverId == leader.UserId).OrderBy(e => e.CreatedAt).ThenBy(e => e.Id))
            {
                running += entry.Amount;
                if (running >= leader.Stars)
                {
                    return entry.CreatedAt;
                }
            }

            return DateTime.MaxValue;
        }

        return leaders
            .OrderByDescending(l => cheerers.GetValueOrDefault(l.UserId))
            .ThenBy(Reached)
            .ThenBy(l => l.UserId, StringComparer.Ordinal)
            .First();
    }

    private sealed record Cheer(string ReceiverId, string GiverId, long? WinId);

    /// <summary>Cheers given in [fromUtc, cutoffUtc) and not reversed before the cutoff: one range scan of the week.</summary>
    private async Task<IReadOnlyList<Cheer>> Cheers(string teamId, DateTime fromUtc, DateTime cutoffUtc, CancellationToken cancellationToken)
    {
        var rows = await db.Set<StarEntry>().AsNoTracking()
            .Where(e => e.TeamId == teamId && e.CreatedAt >= fromUtc && e.CreatedAt < cutoffUtc && (e.Reason == StarReason.Cheer || e.ReversesEntryId != null))
            .Select(e => new { e.Id, e.ReceiverId, e.GiverId, e.Reason, e.WinId, e.ReversesEntryId })
            .ToListAsync(cancellationToken);
        var reversed = rows.Where(r => r.ReversesEntryId != null).Select(r => r.ReversesEntryId!.Value).ToHashSet();
        return rows
            .Where(r => r.Reason == StarReason.Cheer && r.GiverId != null && !reversed.Contains(r.Id))
            .Select(r => new Cheer(r.ReceiverId, r.GiverId!, r.WinId))
            .ToList();
    }
}
