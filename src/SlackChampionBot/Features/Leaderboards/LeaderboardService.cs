using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SlackChampionBot.Features.Champions;
using SlackChampionBot.Features.People;
using SlackChampionBot.Features.Teams;
using SlackChampionBot.Features.Wins;
using SlackChampionBot.Persistence;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Features.Leaderboards;

/// <summary>One place in a table. <see cref="Tied"/>: someone else shares the rank ("=3rd").</summary>
internal sealed record Standing(int Rank, bool Tied, string UserId, int Stars);

/// <summary>
/// The asking person's place. <see cref="Rank"/> is null with no stars in the period (or outside the team);
/// <see cref="StarsToNextPlace"/> is how many more stars would lift them one place (null at the top).
/// </summary>
internal sealed record CallerStanding(string UserId, int Stars, int? Rank, bool Tied, int? StarsToNextPlace, bool Hidden, bool InTeam);

internal sealed record LeagueTable(
    Period Period,
    ResolvedGroup? Team,
    IReadOnlyList<Standing> Rows,
    CallerStanding? Caller,
    IReadOnlyDictionary<string, string> Names,
    IReadOnlyDictionary<string, IReadOnlyList<TitleBadge>> Titles);

internal sealed record WinSummary(long Id, string PosterId, string Text, string? Customer, LifecycleStage? Stage, string? Permalink, DateTime CreatedAt);

/// <summary>What <c>/stars</c> and App Home show about one person.</summary>
internal sealed record StarsCard(
    string UserId,
    string Name,
    int Week,
    int Month,
    int AllTime,
    CallerStanding WeekStanding,
    CallerStanding AllTimeStanding,
    IReadOnlyList<TitleBadge> Titles,
    IReadOnlyList<WinSummary> RecentWins,
    IReadOnlyList<ResolvedGroup> Teams,
    bool Hidden);

/// <summary>
/// League tables (week, month, quarter, all time; workspace or one team) read from <see cref="StarPeriodTotal"/>:
/// the top N by the (team, kind, period, stars, receiver) index, and the caller's rank as one range count.
/// People who opted out are left out of every public table (and so do not take a place); they keep their stars.
/// </summary>
internal sealed class LeaderboardService(
    BotDbContext db,
    StarTotals totals,
    UserDirectory users,
    UserGroupDirectory groups,
    CompanyTeams companyTeams,
    ITitleService titles,
    IOptions<LeaderboardOptions> options,
    IOptions<SchedulingOptions> scheduling,
    TimeProvider time)
{
    private const string Visible = "NOT EXISTS (SELECT 1 FROM leaderboard_opt_outs o WHERE o.team_id = t.team_id AND o.user_id = t.receiver_id)";

    public Periods Periods { get; } = new(scheduling.Value.TimeZoneInfo);

    public int TopN => options.Value.TopN;

    public Task<LeagueTable> Table(string teamId, PeriodKind kind, ResolvedGroup? team, string callerId, CancellationToken cancellationToken) =>
        Table(teamId, kind, team, callerId, options.Value.TopN, cancellationToken);

    public async Task<LeagueTable> Table(string teamId, PeriodKind kind, ResolvedGroup? team, string? callerId, int topN, CancellationToken cancellationToken)
    {
        await totals.CatchUp(teamId, cancellationToken);
        var period = Periods.Containing(kind, time.GetUtcNow().UtcDateTime);
        var rows = await Top(teamId, period, team, topN, cancellationToken);
        var caller = callerId is null ? null : await Standing(teamId, period, team, callerId, cancellationToken);
        var people = rows.Select(r => r.UserId).Append(callerId).OfType<string>().Distinct().ToList();
        var names = await users.CachedNames(teamId, people, cancellationToken);
        var badges = await titles.CurrentTitles(teamId, people, time.GetUtcNow().UtcDateTime, cancellationToken);
        return new LeagueTable(period, team, rows, caller, names, badges);
    }

    /// <summary>The top <paramref name="topN"/> places; everyone tied with the last place shown too (at most twice N rows).</summary>
    public async Task<IReadOnlyList<Standing>> Top(string teamId, Period period, ResolvedGroup? team, int topN, CancellationToken cancellationToken)
    {
        var (from, parameters) = Scope(teamId, period, team);
        // Only placeholders are spliced into the SQL; every value is a parameter.
        var sql = $"SELECT t.receiver_id AS UserId, t.stars AS Stars {from} ORDER BY t.stars DESC, t.receiver_id LIMIT {{{parameters.Length}}}";
        var fetched = await db.Database
            .SqlQueryRaw<RankedRow>(sql, [.. parameters, topN * 2])
            .ToListAsync(cancellationToken);
        return Rank(fetched.Select(r => (r.UserId, r.Stars))).Where(s => s.Rank <= topN).ToList();
    }

    /// <summary>Standard competition ranking (1, 2, =3, =3, 5) over rows sorted by stars, highest first.</summary>
    public static IReadOnlyList<Standing> Rank(IEnumerable<(string UserId, int Stars)> sorted)
    {
        var list = sorted.ToList();
        var result = new List<Standing>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            var first = i;
            while (first > 0 && list[first - 1].Stars == list[i].Stars)
            {
                first--;
            }

            var tied = (i > 0 && list[i - 1].Stars == list[i].Stars) || (i + 1 < list.Count && list[i + 1].Stars == list[i].Stars);
            result.Add(new Standing(first + 1, tied, list[i].UserId, list[i].Stars));
        }

        return result;
    }

    /// <summary>The person's stars, rank among the people shown publicly, and the distance to the next place (two queries).</summary>
    public async Task<CallerStanding> Standing(string teamId, Period period, ResolvedGroup? team, string userId, CancellationToken cancellationToken)
    {
        // Conditions are numbers on SQLite and booleans on PostgreSQL: CASE WHEN … THEN 1 ELSE 0 END is a number on both.
        var member = team is null ? "1" : "CASE WHEN EXISTS (SELECT 1 FROM user_group_members m WHERE m.team_id = {0} AND m.group_id = {4} AND m.user_id = {1}) THEN 1 ELSE 0 END";
        var mineSql = "SELECT CASE WHEN EXISTS (SELECT 1 FROM leaderboard_opt_outs o WHERE o.team_id = {0} AND o.user_id = {1}) THEN 1 ELSE 0 END AS Hidden, " + member + " AS InTeam, " +
            "COALESCE((SELECT s.stars FROM star_period_totals s WHERE s.team_id = {0} AND s.kind = {2} AND s.period_start = {3} AND s.receiver_id = {1}), 0) AS Stars";
        var mine = (await db.Database.SqlQueryRaw<MineRow>(mineSql, teamId, userId, (int)period.Kind, period.Start, team?.GroupId ?? string.Empty).ToListAsync(cancellationToken)).Single();
        var hidden = mine.Hidden != 0;
        var inTeam = mine.InTeam != 0;
        if (mine.Stars <= 0 || !inTeam)
        {
            return new CallerStanding(userId, mine.Stars, null, false, null, hidden, inTeam);
        }

        var (from, parameters) = Scope(teamId, period, team);
        var n = parameters.Length;

        // Workspace-wide, the count above is a pure index range count minus the (few) opted-out people above. COUNT is
        // a bigint on PostgreSQL: cast to the int read back (as the conditions, see above).
        var above = team is null
            ? $"(SELECT COUNT(*) FROM star_period_totals t WHERE t.team_id = {{0}} AND t.kind = {{1}} AND t.period_start = {{2}} AND t.stars > {{{n}}}) - " +
              $"(SELECT COUNT(*) FROM leaderboard_opt_outs o JOIN star_period_totals t ON t.team_id = o.team_id AND t.kind = {{1}} AND t.period_start = {{2}} AND t.receiver_id = o.user_id WHERE o.team_id = {{0}} AND t.stars > {{{n}}})"
            : $"(SELECT COUNT(*) {from} AND t.stars > {{{n}}})";
        var rankSql = $"SELECT CAST({above} AS INTEGER) AS Above, (SELECT MIN(t.stars) {from} AND t.stars > {{{n}}}) AS Next, " +
            $"CASE WHEN EXISTS (SELECT 1 {from} AND t.stars = {{{n}}} AND t.receiver_id <> {{{n + 1}}}) THEN 1 ELSE 0 END AS Tied";
        var rank = (await db.Database.SqlQueryRaw<RankRow>(rankSql, [.. parameters, mine.Stars, userId]).ToListAsync(cancellationToken)).Single();
        return new CallerStanding(userId, mine.Stars, rank.Above + 1, rank.Tied != 0, rank.Next - mine.Stars, hidden, inTeam);
    }

    /// <summary>
    /// A configured team named by the command argument (<c>&lt;!subteam^S123|@handle&gt;</c>, <c>@handle</c>, handle or
    /// ID); null when it is not one of <c>Leaderboards:Teams</c> or has not been synced yet.
    /// </summary>
    public async Task<ResolvedGroup?> FindTeam(string teamId, string reference, CancellationToken cancellationToken)
    {
        var group = await groups.Find(teamId, reference, cancellationToken);
        if (group is null)
        {
            return null;
        }

        foreach (var configured in companyTeams.GroupReferences)
        {
            var (id, handle) = UserGroupDirectory.Parse(configured);
            if (id == group.GroupId || string.Equals(handle, group.Handle, StringComparison.OrdinalIgnoreCase))
            {
                return group;
            }
        }

        return null;
    }

    /// <summary>The configured teams as synced (for "which teams are there?").</summary>
    public async Task<IReadOnlyList<ResolvedGroup>> ConfiguredTeams(string teamId, CancellationToken cancellationToken)
    {
        var result = new List<ResolvedGroup>();
        foreach (var reference in companyTeams.GroupReferences)
        {
            if (await groups.Find(teamId, reference, cancellationToken) is { } group && result.All(g => g.GroupId != group.GroupId))
            {
                result.Add(group);
            }
        }

        return result;
    }

    public async Task<StarsCard> Card(string teamId, string userId, CancellationToken cancellationToken)
    {
        await totals.CatchUp(teamId, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var week = Periods.Containing(PeriodKind.Week, now);
        var month = Periods.Containing(PeriodKind.Month, now);
        var allTime = Periods.Containing(PeriodKind.AllTime, now);
        var sums = await db.Set<StarPeriodTotal>().AsNoTracking()
            .Where(t => t.TeamId == teamId && t.ReceiverId == userId &&
                ((t.Kind == PeriodKind.Week && t.PeriodStart == week.Start) || (t.Kind == PeriodKind.Month && t.PeriodStart == month.Start) || t.Kind == PeriodKind.AllTime))
            .ToListAsync(cancellationToken);
        int Sum(PeriodKind kind) => sums.Where(s => s.Kind == kind).Sum(s => s.Stars);

        var weekStanding = await Standing(teamId, week, null, userId, cancellationToken);
        var allTimeStanding = await Standing(teamId, allTime, null, userId, cancellationToken);
        var badges = await titles.CurrentTitles(teamId, [userId], now, cancellationToken);
        var names = await users.CachedNames(teamId, [userId], cancellationToken);
        var wins = await RecentWins(teamId, userId, 5, cancellationToken);
        var teams = await db.Set<UserGroupMember>().AsNoTracking().Where(m => m.TeamId == teamId && m.UserId == userId).Select(m => m.GroupId).ToListAsync(cancellationToken);
        var configured = (await ConfiguredTeams(teamId, cancellationToken)).Where(g => teams.Contains(g.GroupId)).ToList();
        return new StarsCard(
            userId,
            names[userId],
            Sum(PeriodKind.Week),
            Sum(PeriodKind.Month),
            Sum(PeriodKind.AllTime),
            weekStanding,
            allTimeStanding,
            badges.TryGetValue(userId, out var mine) ? mine : [],
            wins,
            configured,
            weekStanding.Hidden);
    }

    /// <summary>The person's latest wins, posted or credited, newest first (deleted ones left out).</summary>
    public async Task<IReadOnlyList<WinSummary>> RecentWins(string teamId, string userId, int count, CancellationToken cancellationToken) =>
        await db.Set<Win>().AsNoTracking()
            .Where(w => w.TeamId == teamId && w.DeletedAt == null && (w.PosterId == userId || w.Credits.Any(c => c.UserId == userId)))
            .OrderByDescending(w => w.CreatedAt).ThenByDescending(w => w.Id)
            .Take(count)
            .Select(w => new WinSummary(w.Id, w.PosterId, w.Text, w.Customer, w.Stage, w.Permalink, w.CreatedAt))
            .ToListAsync(cancellationToken);

    public async Task<bool> IsHidden(string teamId, string userId, CancellationToken cancellationToken) =>
        await db.Set<LeaderboardOptOut>().AnyAsync(o => o.TeamId == teamId && o.UserId == userId, cancellationToken);

    /// <summary>Leaves the person out of public tables (idempotent). Returns false when they already were.</summary>
    public async Task<bool> Hide(string teamId, string userId, CancellationToken cancellationToken)
    {
        if (await IsHidden(teamId, userId, cancellationToken))
        {
            return false;
        }

        db.Add(new LeaderboardOptOut { TeamId = teamId, UserId = userId, OptedOutAt = time.GetUtcNow().UtcDateTime });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            return false; // the same request twice at once: the other one stored it
        }

        return true;
    }

    /// <summary>Shows the person on public tables again. Returns false when they were not hidden.</summary>
    public async Task<bool> Show(string teamId, string userId, CancellationToken cancellationToken) =>
        await db.Set<LeaderboardOptOut>().Where(o => o.TeamId == teamId && o.UserId == userId).ExecuteDeleteAsync(cancellationToken) > 0;

    /// <summary>FROM … WHERE … for the visible people of a period bucket, workspace-wide or driven by a team's members.</summary>
    private static (string From, object[] Parameters) Scope(string teamId, Period period, ResolvedGroup? team)
    {
        var start = period.Start; // a DateOnly parameter: a date on PostgreSQL, 'yyyy-MM-dd' text on SQLite, as EF stores it
        if (team is null)
        {
            return ($"FROM star_period_totals t WHERE t.team_id = {{0}} AND t.kind = {{1}} AND t.period_start = {{2}} AND t.stars > 0 AND {Visible}",
                [teamId, (int)period.Kind, start]);
        }

        // CROSS JOIN keeps SQLite driving from the team's members (a few hundred) instead of the whole period.
        return ($"FROM user_group_members m CROSS JOIN star_period_totals t " +
                $"WHERE m.team_id = {{0}} AND m.group_id = {{3}} AND t.team_id = m.team_id AND t.kind = {{1}} AND t.period_start = {{2}} AND t.receiver_id = m.user_id AND t.stars > 0 AND {Visible}",
            [teamId, (int)period.Kind, start, team.GroupId]);
    }

    private sealed class MineRow
    {
        public int Hidden { get; set; }

        public int InTeam { get; set; }

        public int Stars { get; set; }
    }

    private sealed class RankRow
    {
        public int Above { get; set; }

        public int? Next { get; set; }

        public int Tied { get; set; }
    }

    private sealed class RankedRow
    {
        public string UserId { get; set; } = string.Empty;

        public int Stars { get; set; }
    }
}
