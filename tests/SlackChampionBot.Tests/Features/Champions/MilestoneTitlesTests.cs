using Moq;
using SlackChampionBot.Features.Champions;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Slack.Blocks;

namespace SlackChampionBot.Tests.Features.Champions;

public sealed class MilestoneTitlesTests
{
    private const string Team = ChampionsWorld.Team;
    private const string Nominee = ChampionsWorld.Nominee;

    /// <summary>What the ledger and the use case do: record in the commit, then announce after their own message.</summary>
    private static Task Observe(ChampionsWorld world, StarEntry entry) =>
        world.Run<IStarsChangedObserver>(async o =>
        {
            await o.OnStarsChanged(new StarsChanged(Team, entry.ReceiverId, entry.Amount, entry.WinId, "Ev1"), CancellationToken.None);
            await o.AnnounceEarned(Team, [entry.ReceiverId], null, CancellationToken.None);
        });

    [Fact]
    public async Task OnStarsChanged_CheerCrossesMilestone_CelebratedOnceInTheWinsThreadEvenWhenRedelivered()
    {
        await using var world = await ChampionsWorld.Create();
        var earlier = await world.AddWin(Nominee);
        await world.AddStars(Nominee, 9, earlier.Id, "win:earlier", StarReason.Win);
        var win = await world.AddWin(Nominee);
        var cheer = await world.AddStars(Nominee, 1, win.Id, $"cheer:{win.Id}:{ChampionsWorld.Colleague}:1");

        await Observe(world, cheer);
        await Observe(world, cheer);

        var title = Assert.Single(await world.All<GrantedTitle>());
        Assert.Equal((TitleKind.Milestone, "Rising Star", 10, win.Id), (title.Kind, title.Name, title.MilestoneStars, title.WinId));
        var celebration = Assert.Single(world.Posted);
        Assert.Equal((win.ChannelId, win.MessageTs), (celebration.Channel, celebration.ThreadTs));
        Assert.Contains($"<@{Nominee}>", celebration.Text);
        Assert.Contains("Rising Star", celebration.Text);
    }

    [Fact]
    public async Task OnStarsChanged_BelowFirstMilestone_RecordsNothing()
    {
        await using var world = await ChampionsWorld.Create();
        var win = await world.AddWin(Nominee);
        var entry = await world.AddStars(Nominee, 9, win.Id, "win:1", StarReason.Win);

        await Observe(world, entry);

        Assert.Empty(await world.All<GrantedTitle>());
        Assert.Empty(world.Posted);
    }

    [Fact]
    public async Task OnStarsChanged_ReversalDropsBelowThenCrossesAgain_NoSpamAndTitleStays()
    {
        await using var world = await ChampionsWorld.Create();
        var win = await world.AddWin(Nominee);
        var award = await world.AddStars(Nominee, 10, win.Id, "win:1", StarReason.Win);
        await Observe(world, award);

        var reversal = await world.AddStars(Nominee, -10, win.Id, $"reversal:{award.Id}", StarReason.Reversal);
        await Observe(world, reversal);
        var again = await world.AddStars(Nominee, 10, win.Id, "win:1:again", StarReason.Win);
        await Observe(world, again);

        Assert.Single(world.Posted);
        Assert.Single(await world.All<GrantedTitle>());
        var current = await world.Run<ITitleService, IReadOnlyDictionary<string, IReadOnlyList<TitleBadge>>>(s =>
            s.CurrentTitles(Team, [Nominee], world.Time.GetUtcNow().UtcDateTime, CancellationToken.None));
        Assert.Equal("Rising Star", Assert.Single(current[Nominee]).Name);
    }

    [Fact]
    public async Task OnStarsChanged_TwoMilestonesAtOnce_BothRecordedOneCelebration()
    {
        await using var world = await ChampionsWorld.Create();
        var win = await world.AddWin(Nominee);
        var entry = await world.AddStars(Nominee, 30, win.Id, "win:big", StarReason.Win);

        await Observe(world, entry);

        Assert.Equal(["Customer Hero", "Rising Star"], (await world.All<GrantedTitle>()).Select(t => t.Name).Order());
        var celebration = Assert.Single(world.Posted);
        Assert.Contains("Customer Hero", celebration.Text);
        Assert.Contains("Rising Star", celebration.Text);
    }

    [Fact]
    public async Task OnStarsChanged_PostFails_TitleKeptAndRetryCelebrates()
    {
        await using var world = await ChampionsWorld.Create();
        var win = await world.AddWin(Nominee);
        var entry = await world.AddStars(Nominee, 10, win.Id, "win:1", StarReason.Win);
        world.Chat.SetupSequence(c => c.PostMessage(It.IsAny<Message>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new SlackChampionBot.Slack.SlackException("ratelimited"))
            .ReturnsAsync(new SlackChampionBot.Slack.WebApi.PostMessageResponse { Ts = "1.2" });

        await Assert.ThrowsAsync<SlackChampionBot.Slack.SlackException>(() => Observe(world, entry));
        Assert.Null(Assert.Single(await world.All<GrantedTitle>()).CelebratedAt);

        await Observe(world, entry);
        Assert.NotNull(Assert.Single(await world.All<GrantedTitle>()).CelebratedAt);
        world.Chat.Verify(c => c.PostMessage(It.IsAny<Message>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task Nominate_BonusCrossesMilestone_CelebratedAfterTheAnnouncementInItsThread()
    {
        await using var world = await ChampionsWorld.Create();
        var win = await world.AddWin(Nominee);
        await world.AddStars(Nominee, 7, win.Id, "win:1", StarReason.Win);

        var nominated = Assert.IsType<Nominated>(await world.Nominate(ChampionsWorld.Manager, Nominee));
        Assert.Empty(world.Posted);
        Assert.Null(Assert.Single(await world.All<GrantedTitle>(), t => t.Kind == TitleKind.Milestone).CelebratedAt);

        await world.Publish(nominated.NominationId);

        var announcement = Assert.Single(world.Posted, p => p.Channel == ChampionsWorld.WinsChannel && p.ThreadTs is null);
        var celebration = world.Posted[^1];
        Assert.Contains("Rising Star", celebration.Text);
        Assert.Equal(ChampionsWorld.WinsChannel, celebration.Channel);
        Assert.NotNull(celebration.ThreadTs);
        Assert.True(world.Posted.IndexOf(announcement) < world.Posted.IndexOf(celebration));
    }

    [Fact]
    public async Task Nominate_MilestoneCelebrationFails_TheNextSweepCelebrates()
    {
        await using var world = await ChampionsWorld.Create();
        await world.AddStars(Nominee, 7, null, "earlier", StarReason.Win);
        var nominated = Assert.IsType<Nominated>(await world.Nominate(ChampionsWorld.Manager, Nominee));
        var posts = 0;
        world.Chat.Setup(c => c.PostMessage(It.IsAny<Message>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((Message m, CancellationToken _) =>
            {
                if (m.Text?.Contains("Rising Star", StringComparison.Ordinal) == true && posts++ == 0)
                {
                    throw new SlackChampionBot.Slack.SlackException("fatal_error");
                }

                world.Posted.Add(m);
                return new SlackChampionBot.Slack.WebApi.PostMessageResponse { Channel = m.Channel, Ts = "1700000001.000100" };
            });

        await Assert.ThrowsAsync<SlackChampionBot.Slack.SlackException>(() => world.Publish(nominated.NominationId));
        Assert.Equal([nominated.NominationId], await world.Run<ChampionNotices, IReadOnlyList<long>>(n => n.Unfinished(CancellationToken.None)));

        await world.Publish(nominated.NominationId);

        Assert.Single(world.Posted, p => p.Text!.Contains("Rising Star", StringComparison.Ordinal));
        Assert.Single(world.Posted, p => p.ThreadTs is null && p.Channel == ChampionsWorld.WinsChannel);
        Assert.Empty(await world.Run<ChampionNotices, IReadOnlyList<long>>(n => n.Unfinished(CancellationToken.None)));
    }

    [Fact]
    public async Task OnStarsChanged_ConfiguredMilestones_ReplaceTheDefaults()
    {
        var settings = ChampionsWorld.DefaultSettings();
        settings["Champions:Milestones:0:Stars"] = "3";
        settings["Champions:Milestones:0:Title"] = "First Steps";
        await using var world = await ChampionsWorld.Create(settings);
        var win = await world.AddWin(Nominee);
        var entry = await world.AddStars(Nominee, 12, win.Id, "win:1", StarReason.Win);

        await Observe(world, entry);

        Assert.Equal("First Steps", Assert.Single(await world.All<GrantedTitle>()).Name);
    }
}
