using SlackChampionBot.Features.Champions;
using SlackChampionBot.Features.Leaderboards;
using SlackChampionBot.Features.Teams;
using SlackChampionBot.Features.Wins;
using SlackChampionBot.Slack.Blocks;

namespace SlackChampionBot.Tests.Features.Leaderboards;

public sealed class LeaderboardBlocksTests
{
    private static readonly Periods London = new(TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));
    private static readonly DateTime Friday = new(2026, 11, 27, 16, 0, 0, DateTimeKind.Utc);
    private static readonly string Absurd = string.Concat(Enumerable.Repeat("<!channel> & Ünïcødé 😀 name ", 400));

    private static (IReadOnlyList<Standing> Rows, Dictionary<string, string> Names, Dictionary<string, IReadOnlyList<TitleBadge>> Titles) People(int count)
    {
        var rows = LeaderboardService.Rank(Enumerable.Range(0, count).Select(i => ($"U{i:0000}", 1000 - (i / 2))));
        var names = rows.ToDictionary(r => r.UserId, r => Absurd);
        var titles = rows.ToDictionary(r => r.UserId, r => (IReadOnlyList<TitleBadge>)Enumerable.Range(0, 30).Select(t => new TitleBadge(r.UserId, Absurd, TitleKind.Milestone, Friday)).ToList());
        return (rows, names, titles);
    }

    [Fact]
    public void WeeklyPost_AbsurdlyLongNamesTitlesAndWin_StaysWithinSlackLimitsAndEscaped()
    {
        var (rows, names, titles) = People(50);
        var content = new WeeklyPostContent(
            London.Containing(PeriodKind.Week, Friday),
            Friday,
            rows,
            rows[0],
            rows.Take(3).Select(r => new Climber(r.UserId, r.Rank, 40, 40 - r.Rank)).ToList(),
            rows.Select(r => new TitleBadge(r.UserId, Absurd, TitleKind.CustomerChampion, Friday)).ToList(),
            new WinOfTheWeek(1, "U0000", Absurd + "\n" + Absurd, Absurd, "https://example.slack.com/archives/C1/p1", 12),
            300,
            Enum.GetValues<LifecycleStage>().Select(s => KeyValuePair.Create<LifecycleStage?, int>(s, 50)).Append(KeyValuePair.Create<LifecycleStage?, int>(null, 0)).ToList(),
            [KeyValuePair.Create<ExperienceKind?, int>(ExperienceKind.Service, 300)],
            names,
            titles);

        var message = LeaderboardBlocks.WeeklyPost(content, 25);

        BlockKitLimits.AssertWithin(message.Blocks!, Block.MaxBlocksInMessage);
        Assert.InRange(message.Text!.Length, 1, TextObject.MaxLength);
        var all = string.Join("\n", message.Blocks!.OfType<SectionBlock>().Select(b => b.Text?.Text));
        Assert.DoesNotContain("<!channel>", all, StringComparison.Ordinal);
        Assert.Contains("&lt;!channel&gt; &amp; Ünïcødé", all, StringComparison.Ordinal);
        Assert.Contains("<@U0000>", all, StringComparison.Ordinal); // the champion is mentioned on purpose
        Assert.Contains("…", all, StringComparison.Ordinal);
    }

    [Fact]
    public void Home_AbsurdCardManyTeamsAndWins_StaysWithinViewLimits()
    {
        var (rows, names, titles) = People(5);
        var teams = Enumerable.Range(0, 500).Select(i => new ResolvedGroup($"S{i:0000}", "team-" + Absurd[..100] + i, Absurd)).ToList();
        var standing = new CallerStanding("U0000", 1000, 1, true, null, true, true);
        var wins = Enumerable.Range(0, 5).Select(i => new WinSummary(i, "U0000", Absurd, Absurd, LifecycleStage.Order, "https://example.slack.com/p" + i, Friday)).ToList();
        var card = new StarsCard("U0000", Absurd, 5, 50, 1000, standing, standing, titles["U0000"], wins, teams, Hidden: true);
        var week = new LeagueTable(London.Containing(PeriodKind.Week, Friday), null, rows, null, names, titles);

        var home = LeaderboardBlocks.Home(card, week);
        var cardMessage = LeaderboardBlocks.StarsCardMessage(card, own: false);

        BlockKitLimits.AssertWithin(home.Blocks, Block.MaxBlocksInView);
        BlockKitLimits.AssertWithin(cardMessage.Blocks!, Block.MaxBlocksInMessage);
        var button = Assert.Single(home.Blocks.OfType<ActionsBlock>().SelectMany(a => a.Elements).OfType<Button>());
        Assert.Equal("open_win_modal", button.ActionId);
        Assert.DoesNotContain(home.Blocks.OfType<SectionBlock>(), b => b.Text?.Text.Contains("<!channel>", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Table_ManyTiedRowsWithAbsurdNames_SplitsIntoSectionsWithinLimits()
    {
        var (rows, names, titles) = People(50);
        var team = new ResolvedGroup("S1", Absurd, Absurd);
        var table = new LeagueTable(London.Containing(PeriodKind.Quarter, Friday), team, rows, new CallerStanding("U9", 0, null, false, null, false, false), names, titles);

        var message = LeaderboardBlocks.Table(table);

        BlockKitLimits.AssertWithin(message.Blocks!, Block.MaxBlocksInMessage);
        Assert.True(message.Blocks!.OfType<SectionBlock>().Count() > 2);
        Assert.Contains("Q4 2026", message.Blocks!.OfType<HeaderBlock>().Single().Text.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_EmptyPeriod_SaysSo()
    {
        var table = new LeagueTable(London.Containing(PeriodKind.Month, Friday), null, [], null, new Dictionary<string, string>(), new Dictionary<string, IReadOnlyList<TitleBadge>>());

        var message = LeaderboardBlocks.Table(table);

        Assert.Contains(message.Blocks!.OfType<SectionBlock>(), b => b.Text!.Text.Contains("Nobody has a gold star", StringComparison.Ordinal));
        Assert.Contains("November 2026", message.Blocks!.OfType<HeaderBlock>().Single().Text.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, false, "1st")]
    [InlineData(3, true, "=3rd")]
    [InlineData(11, false, "11th")]
    [InlineData(22, true, "=22nd")]
    public void RankLabel_TiesGetAnEqualsSign(int rank, bool tied, string expected) =>
        Assert.Equal(expected, LeaderboardBlocks.RankLabel(rank, tied));
}
