using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SlackChampionBot.Features.Champions;
using SlackChampionBot.Features.People;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Features.Wins;
using SlackChampionBot.Features.Workspaces;
using SlackChampionBot.Persistence;
using SlackChampionBot.Rendering;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Features.Leaderboards;

internal enum WeeklyPostOutcome
{
    NoChannel,
    NotDue,
    Posted,
    AlreadyPosted,

    /// <summary>An earlier attempt stopped mid-post: it may be in the channel, so it is not posted again.</summary>
    OutcomeUnknown,
}

internal sealed record Climber(string UserId, int Rank, int? PreviousRank, int PlacesGained);

internal sealed record WinOfTheWeek(long WinId, string PosterId, string Text, string? Customer, string? Permalink, int Cheerers);

internal sealed record WeeklyPostContent(
    Period Week,
    DateTime CutoffUtc,
    IReadOnlyList<Standing> Top,
    Standing? Champion,
    IReadOnlyList<Climber> Climbers,
    IReadOnlyList<TitleBadge> NewChampions,
    WinOfTheWeek? WinOfTheWeek,
    int WinCount,
    IReadOnlyList<KeyValuePair<LifecycleStage?, int>> WinsByStage,
    IReadOnlyList<KeyValuePair<ExperienceKind?, int>> WinsByExperience,
    IReadOnlyDictionary<string, string> Names,
    IReadOnlyDictionary<string, IReadOnlyList<TitleBadge>> Titles);

/// <summary>
/// The weekly leaderboard post, at most once per ISO week. The database decides what is due:
/// <list type="number">
/// <item>The week due is the one holding the latest scheduled time (<c>Leaderboards:WeeklyPostCron</c>, company zone)
/// within the catch-up window; its table counts stars up to that scheduled time, so a catch-up or a retry posts
/// exactly what would have been posted on time.</item>
/// <item>First run for a week: the table is archived (<see cref="WeeklySnapshotRow"/>) and a <see cref="WeeklyPost"/> row
/// is inserted as Pending, in one transaction (the primary key makes a second claimer fail).</item>
/// <item>A run moves Pending/Failed → Posting with a conditional update (only one run wins), then calls
/// chat.postMessage, then marks Posted with the ts.</item>
/// <item>When Slack definitely did not post (an ok:false error such as channel_not_found, or no connection) the row
/// goes back to Failed and the job throws, so the scheduler retries and the next run posts.</item>
/// <item>When the outcome is unknown (the process died mid-call, a timeout, a 5xx, Slack's internal_error) the row
/// stays Posting and no run posts it again: a missing post is fixable by hand, a double post is not. The log says
/// how to release it.</item>
/// </list>
/// </summary>
internal sealed class WeeklyPostService(
    BotDbContext db,
    ISlackApiClient slack,
    SlackConnection connection,
    ITitleService titles,
    UserDirectory users,
    IOptions<LeaderboardOptions> options,
    IOptions<SchedulingOptions> scheduling,
    TimeProvider time,
    ILogger<WeeklyPostService> logger)
{
    private readonly Periods _periods = new(scheduling.Value.TimeZoneInfo);

    /// <summary>
    /// How far back a scheduled run looks for its own occurrence: it runs at (or seconds, or with the scheduler's
    /// retries hours, after) its time, so the latest occurrence within a week is the one it was scheduled for.
    /// </summary>
    public static readonly TimeSpan ScheduledRunLookback = TimeSpan.FromDays(7);

    /// <summary>
    /// The start-up check: posts a week whose scheduled time passed while the bot was down, if it is within
    /// <c>Leaderboards:CatchUpWindowHours</c> (0: never catch up).
    /// </summary>
    public Task<WeeklyPostOutcome> PostIfDue(CancellationToken cancellationToken) =>
        PostLatest(TimeSpan.FromHours(options.Value.CatchUpWindowHours), cancellationToken);

    /// <summary>
    /// The scheduled job: posts its own occurrence, whatever the catch-up window (which is only for runs missed while
    /// the bot was down). A run a few seconds late, or a retry, still finds its week.
    /// </summary>
    public Task<WeeklyPostOutcome> PostScheduled(CancellationToken cancellationToken) =>
        PostLatest(TimeSpan.FromHours(Math.Max(options.Value.CatchUpWindowHours, ScheduledRunLookback.TotalHours)), cancellationToken);

    private async Task<WeeklyPostOutcome> PostLatest(TimeSpan lookback, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.ChannelConfigured)
        {
            LeaderboardsLog.NoChannel(logger);
            return WeeklyPostOutcome.NoChannel;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var due = LatestOccurrence(settings.WeeklyPostCron, _periods.Zone, now - lookback, now);
        if (due is null)
        {
            LeaderboardsLog.NothingDue(logger, (int)lookback.TotalHours);
            return WeeklyPostOutcome.NotDue;
        }

        var identity = await connection.WaitForIdentity(cancellationToken);
        return await PostWeek(identity.TeamId, due.Value, settings.Channel!.Trim(), cancellationToken);
    }

    /// <summary>The last scheduled time in [fromUtc, toUtc], or null.</summary>
    public static DateTime? LatestOccurrence(string cron, TimeZoneInfo zone, DateTime fromUtc, DateTime toUtc) =>
        CronExpression.Occurrences(cron, zone, fromUtc, toUtc).Select(d => (DateTime?)d).LastOrDefault();

    public async Task<WeeklyPostOutcome> PostWeek(string teamId, DateTime dueUtc, string channel, CancellationToken cancellationToken)
    {
        var week = _periods.Containing(PeriodKind.Week, dueUtc);
        var label = Label(week);
        var post = await Find(teamId, week.Start, cancellationToken) ?? await Archive(teamId, week, dueUtc, label, cancellationToken);
        switch (post.State)
        {
            case WeeklyPostState.Posted:
                LeaderboardsLog.AlreadyPosted(logger, label);
                return WeeklyPostOutcome.AlreadyPosted;
            case WeeklyPostState.Posting:
                LeaderboardsLog.OutcomeUnknown(logger, label, teamId);
                return WeeklyPostOutcome.OutcomeUnknown;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var claimed = await db.Set<WeeklyPost>()
            .Where(p => p.TeamId == teamId && p.WeekStart == week.Start && (p.State == WeeklyPostState.Pending || p.State == WeeklyPostState.Failed))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.State, WeeklyPostState.Posting).SetProperty(p => p.Attempts, p => p.Attempts + 1).SetProperty(p => p.ClaimedAt, now), cancellationToken);
        if (claimed == 0)
        {
            // Another run claimed it between our read and our update.
            var current = await Find(teamId, week.Start, cancellationToken);
            return current?.State == WeeklyPostState.Posted ? WeeklyPostOutcome.AlreadyPosted : WeeklyPostOutcome.OutcomeUnknown;
        }

        Message message;
        WeeklyPostContent content;
        try
        {
            content = await Build(teamId, week, post.DueAt, cancellationToken);
            if (content.Champion is { } champion)
            {
                await titles.RecordChampionOfTheWeek(teamId, champion.UserId, week.Start, cancellationToken);
            }

            message = LeaderboardBlocks.WeeklyPost(content, options.Value.TopN);
            message.Channel = channel;
        }
        catch (Exception ex)
        {
            // Nothing was sent yet: release the claim so the retry can post.
            await MarkFailed(teamId, week.Start, ex.GetType().Name);
            throw;
        }

        PostMessageResponse response;
        try
        {
            response = await slack.Chat.PostMessage(message, cancellationToken);
        }
        catch (Exception ex) when (DefinitelyNotPosted(ex))
        {
            var reason = ex is SlackException slackError ? slackError.ErrorCode : ex.GetType().Name;
            await MarkFailed(teamId, week.Start, reason);
            LeaderboardsLog.PostFailed(logger, label, reason);
            throw;
        }
        catch (Exception ex)
        {
            LeaderboardsLog.PostAmbiguous(logger, label, ex);
            throw;
        }

        var postedAt = time.GetUtcNow().UtcDateTime;
        var championId = content.Champion?.UserId;
        await db.Set<WeeklyPost>()
            .Where(p => p.TeamId == teamId && p.WeekStart == week.Start)
            .ExecuteUpdateAsync(
                s => s.SetProperty(p => p.State, WeeklyPostState.Posted)
                    .SetProperty(p => p.PostedAt, postedAt)
                    .SetProperty(p => p.ChannelId, response.Channel ?? channel)
                    .SetProperty(p => p.MessageTs, response.Ts)
                    .SetProperty(p => p.ChampionUserId, championId)
                    .SetProperty(p => p.LastError, (string?)null),
                CancellationToken.None);
        LeaderboardsLog.Posted(logger, label, response.Channel ?? channel, response.Ts);
        return WeeklyPostOutcome.Posted;
    }

    /// <summary>Slack said no (ok:false) or was never reached: nothing is in the channel.</summary>
    internal static bool DefinitelyNotPosted(Exception exception) => exception switch
    {
        SlackException slackError => !(slackError.ErrorCode is "timeout" or "internal_error" or "fatal_error" or "request_timeout" || slackError.ErrorCode.StartsWith("http_5", StringComparison.Ordinal)),
        HttpRequestException http => http.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError,
        _ => false,
    };

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

    private Task<WeeklyPost?> Find(string teamId, DateOnly weekStart, CancellationToken cancellationToken) =>
        db.Set<WeeklyPost>().AsNoTracking().SingleOrDefaultAsync(p => p.TeamId == teamId && p.WeekStart == weekStart, cancellationToken);

    /// <summary>Archives the week's table as of the scheduled time and claims the week (Pending), in one transaction.</summary>
    private async Task<WeeklyPost> Archive(string teamId, Period week, DateTime dueUtc, string label, CancellationToken cancellationToken)
    {
        var table = await LiveTable(teamId, week, dueUtc, cancellationToken);
        var post = new WeeklyPost
        {
            TeamId = teamId,
            WeekStart = week.Start,
            State = WeeklyPostState.Pending,
            DueAt = dueUtc,
            ClaimedAt = time.GetUtcNow().UtcDateTime,
        };
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Set<WeeklySnapshotRow>().Where(s => s.TeamId == teamId && s.WeekStart == week.Start).ExecuteDeleteAsync(cancellationToken);
            db.AddRange(table.Select(s => new WeeklySnapshotRow { TeamId = teamId, WeekStart = week.Start, UserId = s.UserId, Rank = s.Rank, Stars = s.Stars }));
            db.Add(post);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            LeaderboardsLog.Archived(logger, label, table.Count);
            return post;
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Another run archived and claimed the week first: use its row.
            db.ChangeTracker.Clear();
            return await Find(teamId, week.Start, cancellationToken) ?? throw new InvalidOperationException($"The weekly post row for {label} vanished.");
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private async Task MarkFailed(string teamId, DateOnly weekStart, string reason) =>
        await db.Set<WeeklyPost>()
            .Where(p => p.TeamId == teamId && p.WeekStart == weekStart && p.State == WeeklyPostState.Posting)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.State, WeeklyPostState.Failed).SetProperty(p => p.LastError, Mrkdwn.Truncate(reason, 500)), CancellationToken.None);

    internal static string Label(Period week)
    {
        var (year, number) = week.IsoWeek;
        return string.Create(CultureInfo.InvariantCulture, $"{year}-W{number:00}");
    }
}

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
