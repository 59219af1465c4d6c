using Microsoft.EntityFrameworkCore;
using SlackChampionBot.Features.Leaderboards;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Features.Teams;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Features.Leaderboards;

public sealed class LeaderboardServiceTests
{
    // Wednesday 25 November 2026, 12:00 London (GMT): week of 23–29 November.
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static DateTime Utc(int y, int mo, int d, int h = 0, int mi = 0) => new(y, mo, d, h, mi, 0, DateTimeKind.Utc);

    private static Task<LeagueTable> Table(LeaderboardsWorld world, PeriodKind kind, string caller, ResolvedGroup? team = null, int topN = 10) =>
        world.With<LeaderboardService, LeagueTable>(s => s.Table(LeaderboardsWorld.Team, kind, team, caller, topN, CancellationToken.None));

    [Fact]
    public async Task Table_Ties_ShareARank()
    {
        await using var world = new LeaderboardsWorld(Now);
        await world.Star("UA", 5, Utc(2026, 11, 24));
        await world.Star("UB", 3, Utc(2026, 11, 24));
        await world.Star("UC", 3, Utc(2026, 11, 24));
        await world.Star("UD", 1, Utc(2026, 11, 24));

        var table = await Table(world, PeriodKind.Week, "UC");

        Assert.Equal([(1, false, "UA"), (2, true, "UB"), (2, true, "UC"), (4, false, "UD")], table.Rows.Select(r => (r.Rank, r.Tied, r.UserId)));
        Assert.Equal(2, table.Caller!.Rank);
        Assert.True(table.Caller.Tied);
        Assert.Equal(2, table.Caller.StarsToNextPlace);
        Assert.Equal("=2nd", LeaderboardBlocks.RankLabel(table.Caller.Rank!.Value, table.Caller.Tied));
    }

    [Fact]
    public async Task Table_TieAtTheLastPlace_ShowsEveryoneTied()
    {
        await using var world = new LeaderboardsWorld(Now);
        await world.Star("UA", 5, Utc(2026, 11, 24));
        await world.Star("UB", 3, Utc(2026, 11, 24));
        await world.Star("UC", 3, Utc(2026, 11, 24));
        await world.Star("UD", 1, Utc(2026, 11, 24));

        var table = await Table(world, PeriodKind.Week, "UA", topN: 2);

        Assert.Equal(["UA", "UB", "UC"], table.Rows.Select(r => r.UserId));
    }

    [Fact]
    public async Task Table_CallerOutsideTopN_GetsOwnRankAndDistanceToNextPlace()
    {
        await using var world = new LeaderboardsWorld(Now);
        for (var i = 0; i < 8; i++)
        {
            await world.Star($"U{i}", 20 - (2 * i), Utc(2026, 11, 23, 9));
        }

        var table = await Table(world, PeriodKind.Week, "U6", topN: 3); // U6 has 8 stars, U5 has 10

        Assert.Equal(3, table.Rows.Count);
        Assert.DoesNotContain(table.Rows, r => r.UserId == "U6");
        Assert.Equal(new CallerStanding("U6", 8, 7, false, 2, false, true), table.Caller);
        Assert.Contains("*7th*", LeaderboardBlocks.CallerLine(table.Caller!, null), StringComparison.Ordinal);
        Assert.Contains("2 gold stars more", LeaderboardBlocks.CallerLine(table.Caller!, null), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Table_CallerWithoutStars_HasNoRank()
    {
        await using var world = new LeaderboardsWorld(Now);
        await world.Star("UA", 1, Utc(2026, 11, 24));

        var table = await Table(world, PeriodKind.Week, "UZ");

        Assert.Null(table.Caller!.Rank);
        Assert.Equal(0, table.Caller.Stars);
    }

    [Fact]
    public async Task Table_OptedOutPerson_LeftOutOfPublicTableButKeepsStars()
    {
        await using var world = new LeaderboardsWorld(Now);
        await world.Star("UHIDE", 9, Utc(2026, 11, 24));
        await world.Star("UB", 3, Utc(2026, 11, 24));
        Assert.True(await world.With<LeaderboardService, bool>(s => s.Hide(LeaderboardsWorld.Team, "UHIDE", CancellationToken.None)));

        var forOthers = await Table(world, PeriodKind.Week, "UB");
        var forThemselves = await Table(world, PeriodKind.AllTime, "UHIDE");
        var card = await world.With<LeaderboardService, StarsCard>(s => s.Card(LeaderboardsWorld.Team, "UHIDE", CancellationToken.None));

        Assert.Equal(["UB"], forOthers.Rows.Select(r => r.UserId));
        Assert.Equal(1, forOthers.Caller!.Rank);
        Assert.DoesNotContain(forThemselves.Rows, r => r.UserId == "UHIDE");
        Assert.True(forThemselves.Caller!.Hidden);
        Assert.Equal(9, forThemselves.Caller.Stars);
        Assert.Equal(9, card.AllTime);
        Assert.True(card.Hidden);

        Assert.True(await world.With<LeaderboardService, bool>(s => s.Show(LeaderboardsWorld.Team, "UHIDE", CancellationToken.None)));
        Assert.Equal(["UHIDE", "UB"], (await Table(world, PeriodKind.Week, "UB")).Rows.Select(r => r.UserId));
    }

    [Fact]
    public async Task Hide_SaveFailsForAnotherReason_ThrowsInsteadOfSayingAlreadyHidden()
    {
        await using var world = new LeaderboardsWorld(Now);
        await world.Db(db => TestDatabase.RefuseInserts(db, "leaderboard_opt_outs"));

        await Assert.ThrowsAsync<DbUpdateException>(() => world.With<LeaderboardService, bool>(s => s.Hide(LeaderboardsWorld.Team, "UHIDE", CancellationToken.None)));
        Assert.False(await world.With<LeaderboardService, bool>(s => s.IsHidden(LeaderboardsWorld.Team, "UHIDE", CancellationToken.None)));
    }

    [Fact]
    public async Task Table_Team_OnlyMembersAndCallerOutsideTeamHasNoRank()
    {
        await using var world = new LeaderboardsWorld(Now);
        world.Settings["Leaderboards:Teams:0"] = "support";
        world.Settings["Leaderboards:Teams:1"] = "S0SALES";
        world.NewServices();
        await world.Group("S0SUP", "support", "UA", "UB");
        await world.Group("S0SALES", "sales", "UB", "UC"); // UB is in two teams
        await world.Group("S0OTHER", "managers", "UA");
        await world.Star("UA", 4, Utc(2026, 11, 24));
        await world.Star("UB", 2, Utc(2026, 11, 24));
        await world.Star("UC", 7, Utc(2026, 11, 24));

        var support = await world.With<LeaderboardService, ResolvedGroup?>(s => s.FindTeam(LeaderboardsWorld.Team, "<!subteam^S0SUP|@support>", CancellationToken.None));
        var sales = await world.With<LeaderboardService, ResolvedGroup?>(s => s.FindTeam(LeaderboardsWorld.Team, "@sales", CancellationToken.None));
        var managers = await world.With<LeaderboardService, ResolvedGroup?>(s => s.FindTeam(LeaderboardsWorld.Team, "managers", CancellationToken.None));

        Assert.NotNull(support);
        Assert.NotNull(sales);
        Assert.Null(managers); // a synced group, but not one of Leaderboards:Teams
        var supportTable = await Table(world, PeriodKind.Week, "UC", support);
        Assert.Equal(["UA", "UB"], supportTable.Rows.Select(r => r.UserId));
        Assert.False(supportTable.Caller!.InTeam);
        Assert.Null(supportTable.Caller.Rank);
        var salesTable = await Table(world, PeriodKind.Week, "UB", sales);
        Assert.Equal(["UC", "UB"], salesTable.Rows.Select(r => r.UserId));
        Assert.Equal(2, salesTable.Caller!.Rank);
    }

    [Fact]
    public async Task Table_StarsAddedAndReversedAfterFirstRead_AreFoldedIn()
    {
        await using var world = new LeaderboardsWorld(Now);
        var first = await world.Star("UA", 1, Utc(2026, 11, 24));
        Assert.Equal(1, (await Table(world, PeriodKind.Week, "UA")).Caller!.Stars);

        await world.Star("UA", 2, Utc(2026, 11, 25, 9), StarReason.Cheer, giver: "UB");
        await world.Star("UA", -1, Utc(2026, 11, 25, 10), StarReason.Reversal, reverses: first.Id);
        await world.Star("UB", 1, Utc(2026, 11, 25, 10));

        var week = await Table(world, PeriodKind.Week, "UA");
        var month = await Table(world, PeriodKind.Month, "UA");
        var all = await Table(world, PeriodKind.AllTime, "UA");

        Assert.Equal(2, week.Caller!.Stars);
        Assert.Equal(2, month.Caller!.Stars);
        Assert.Equal(2, all.Caller!.Stars);
        Assert.Equal(["UA", "UB"], week.Rows.Select(r => r.UserId));
    }

    [Fact]
    public async Task Table_PeriodsUseCompanyZone_SundayNightStarInThisWeekLastWeekStarNot()
    {
        await using var world = new LeaderboardsWorld(new DateTimeOffset(2026, 11, 29, 23, 45, 0, TimeSpan.Zero));
        await world.Star("UA", 1, Utc(2026, 11, 29, 23, 30)); // Sunday night, London
        await world.Star("UA", 5, Utc(2026, 11, 22, 23, 59)); // the Sunday before: last week
        await world.Star("UA", 2, Utc(2026, 10, 31, 23, 30)); // 31 Oct 23:30 GMT: October, Q4

        var week = await Table(world, PeriodKind.Week, "UA");
        var month = await Table(world, PeriodKind.Month, "UA");
        var quarter = await Table(world, PeriodKind.Quarter, "UA");

        Assert.Equal(1, week.Caller!.Stars);
        Assert.Equal(6, month.Caller!.Stars);
        Assert.Equal(8, quarter.Caller!.Stars);

        world.Time.SetUtcNow(new DateTimeOffset(2026, 11, 30, 0, 15, 0, TimeSpan.Zero)); // Monday: a new week
        Assert.Null((await Table(world, PeriodKind.Week, "UA")).Caller!.Rank);
    }

    [Fact]
    public async Task CatchUp_CompanyTimeZoneChanged_RebucketsFromTheLedger()
    {
        await using var world = new LeaderboardsWorld(new DateTimeOffset(2026, 11, 30, 1, 0, 0, TimeSpan.Zero));
        await world.Star("UA", 1, Utc(2026, 11, 29, 23, 30)); // Sunday in London, Monday in Tokyo
        Assert.Null((await Table(world, PeriodKind.Week, "UA")).Caller!.Rank); // London: last week

        world.TimeZone = "Asia/Tokyo";
        world.NewServices();

        Assert.Equal(1, (await Table(world, PeriodKind.Week, "UA")).Caller!.Stars);
        var rows = await world.Db(db => db.Set<StarPeriodTotal>().CountAsync(t => t.Kind == PeriodKind.Week));
        Assert.Equal(1, rows);
    }

    [Fact]
    public async Task Card_ShowsWeekMonthAllTimeTitlesTeamsAndLastFiveWins()
    {
        await using var world = new LeaderboardsWorld(Now);
        world.Settings["Leaderboards:Teams:0"] = "support";
        world.NewServices();
        await world.Group("S0SUP", "support", "UA");
        world.Titles.Current["UA"] = [new("UA", "Rising Star", SlackChampionBot.Features.Champions.TitleKind.Milestone, Utc(2026, 1, 1))];
        await world.Star("UA", 1, Utc(2026, 11, 24));
        await world.Star("UA", 2, Utc(2026, 11, 2));
        await world.Star("UA", 4, Utc(2025, 1, 2));
        for (var i = 0; i < 6; i++)
        {
            await world.Win(i == 5 ? "UB" : "UA", $"Win number {i} for the customer", Utc(2026, 11, 1 + i), permalink: $"https://example.slack.com/archives/C0WINS/p{i}", credited: i == 5 ? ["UA"] : []);
        }

        await world.Win("UA", "A deleted win", Utc(2026, 11, 20)).ContinueWith(async t =>
            await world.Db(async db =>
            {
                var win = await db.Set<SlackChampionBot.Features.Wins.Win>().SingleAsync(w => w.Id == t.Result.Id);
                win.DeletedAt = Utc(2026, 11, 21);
                await db.SaveChangesAsync();
            })).Unwrap();

        var card = await world.With<LeaderboardService, StarsCard>(s => s.Card(LeaderboardsWorld.Team, "UA", CancellationToken.None));

        Assert.Equal((1, 3, 7), (card.Week, card.Month, card.AllTime));
        Assert.Equal(1, card.WeekStanding.Rank);
        Assert.Equal(["Rising Star"], card.Titles.Select(t => t.Name));
        Assert.Equal(["support"], card.Teams.Select(t => t.Handle));
        Assert.Equal(["Win number 5 for the customer", "Win number 4 for the customer", "Win number 3 for the customer", "Win number 2 for the customer", "Win number 1 for the customer"], card.RecentWins.Select(w => w.Text));
    }
}
