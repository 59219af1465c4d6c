using SlackChampionBot.Features.Champions;
using SlackChampionBot.Features.Stars;

namespace SlackChampionBot.Tests.Features.Champions;

public sealed class TitleServiceTests
{
    private const string Team = ChampionsWorld.Team;

    [Fact]
    public async Task RecordChampionOfTheWeek_CalledTwice_RecordsOnceAndHistoryShowsIt()
    {
        await using var world = await ChampionsWorld.Create();
        var week = new DateOnly(2026, 11, 9);

        await world.Run<ITitleService>(s => s.RecordChampionOfTheWeek(Team, ChampionsWorld.Nominee, week, CancellationToken.None));
        await world.Run<ITitleService>(s => s.RecordChampionOfTheWeek(Team, ChampionsWorld.Colleague, week, CancellationToken.None));

        var title = Assert.Single(await world.All<GrantedTitle>());
        Assert.Equal((ChampionsWorld.Nominee, TitleKind.ChampionOfTheWeek, "week:2026-11-09"), (title.UserId, title.Kind, title.NaturalKey));
        var history = await world.Run<ChampionService, IReadOnlyList<TitleHistoryEntry>>(s => s.History(Team, ChampionsWorld.Nominee, CancellationToken.None));
        Assert.Equal(TitleKind.ChampionOfTheWeek, Assert.Single(history).Kind);
    }

    [Fact]
    public async Task CurrentTitles_ChampionOfTheWeek_HeldThroughTheFollowingWeekOnly()
    {
        await using var world = await ChampionsWorld.Create();
        var week = new DateOnly(2026, 11, 9);
        await world.Run<ITitleService>(s => s.RecordChampionOfTheWeek(Team, ChampionsWorld.Nominee, week, CancellationToken.None));

        async Task<bool> Holds(DateTime at) => (await world.Run<ITitleService, IReadOnlyDictionary<string, IReadOnlyList<TitleBadge>>>(s =>
            s.CurrentTitles(Team, [ChampionsWorld.Nominee], at, CancellationToken.None))).ContainsKey(ChampionsWorld.Nominee);

        Assert.True(await Holds(new DateTime(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc)));
        Assert.False(await Holds(new DateTime(2026, 11, 23, 0, 0, 1, DateTimeKind.Utc)));
    }

    [Fact]
    public async Task CurrentTitles_ChampionAndMilestones_ShowsChampionAndHighestMilestoneInItsMonthOnly()
    {
        await using var world = await ChampionsWorld.Create();
        await world.AddStars(ChampionsWorld.Nominee, 26, null, "credit:1", StarReason.Credit);
        await world.Run<MilestoneTitles>(m => m.OnStarsChanged(new StarsChanged(Team, ChampionsWorld.Nominee, 26, null, null), CancellationToken.None));
        Assert.IsType<Nominated>(await world.Nominate(ChampionsWorld.Manager, ChampionsWorld.Nominee));

        async Task<IReadOnlyList<string>> Titles(DateTime at) => (await world.Run<ITitleService, IReadOnlyDictionary<string, IReadOnlyList<TitleBadge>>>(s =>
            s.CurrentTitles(Team, [ChampionsWorld.Nominee, ChampionsWorld.Colleague], at, CancellationToken.None)))[ChampionsWorld.Nominee].Select(b => b.Name).ToList();

        Assert.Equal(["Customer Champion", "Customer Hero"], await Titles(new DateTime(2026, 11, 30, 23, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(["Customer Hero"], await Titles(new DateTime(2026, 12, 1, 0, 0, 1, DateTimeKind.Utc)));
    }

    [Fact]
    public async Task ChampionsGranted_Range_ListsNominationsInItAndNotWithdrawnOnes()
    {
        await using var world = await ChampionsWorld.Create();
        Assert.IsType<Nominated>(await world.Nominate(ChampionsWorld.Manager, ChampionsWorld.Nominee));
        Assert.IsType<Nominated>(await world.Nominate(ChampionsWorld.OtherManager, ChampionsWorld.Colleague));
        Assert.IsType<Withdrawn>(await world.Run<ChampionService, WithdrawalOutcome>(s => s.Withdraw(Team, ChampionsWorld.OtherManager, null, CancellationToken.None)));
        var now = world.Time.GetUtcNow().UtcDateTime;

        var granted = await world.Run<ITitleService, IReadOnlyList<TitleBadge>>(s => s.ChampionsGranted(Team, now.AddDays(-7), now.AddSeconds(1), CancellationToken.None));
        var later = await world.Run<ITitleService, IReadOnlyList<TitleBadge>>(s => s.ChampionsGranted(Team, now.AddSeconds(1), now.AddDays(7), CancellationToken.None));

        Assert.Equal(ChampionsWorld.Nominee, Assert.Single(granted).UserId);
        Assert.Empty(later);
    }
}
