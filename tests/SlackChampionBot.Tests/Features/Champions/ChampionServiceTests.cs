using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using SlackChampionBot.Features.Champions;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Slack.Blocks;

namespace SlackChampionBot.Tests.Features.Champions;

public sealed class ChampionServiceTests
{
    private const string Team = ChampionsWorld.Team;
    private const string Manager = ChampionsWorld.Manager;
    private const string Nominee = ChampionsWorld.Nominee;

    [Fact]
    public async Task Nominate_ByManager_GrantsTitleStarsDmAndAnnouncement()
    {
        await using var world = await ChampionsWorld.Create();

        var outcome = await world.Nominate(Manager, Nominee);
        var nominated = Assert.IsType<Nominated>(outcome);
        await world.Publish(nominated.NominationId);

        Assert.Equal(new ChampionMonth(2026, 11), nominated.Month);
        var title = Assert.Single(await world.All<GrantedTitle>());
        Assert.Equal((Nominee, TitleKind.CustomerChampion, "Customer Champion"), (title.UserId, title.Kind, title.Name));
        Assert.Equal(new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc), title.PeriodStart);
        Assert.Equal(new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc), title.PeriodEnd);

        var entry = Assert.Single(await world.All<StarEntry>());
        Assert.Equal((Nominee, 5, StarReason.Champion, $"champion:{nominated.NominationId}", (string?)null), (entry.ReceiverId, entry.Amount, entry.Reason, entry.NaturalKey, entry.GiverId));

        world.Conversations.Verify(c => c.Open(new[] { Nominee }, It.IsAny<CancellationToken>()), Times.Once);
        var dm = Assert.Single(world.Posted, m => m.Channel == "D" + Nominee);
        Assert.Contains("Morgan Manager", dm.Text);
        var announcement = Assert.Single(world.Posted, m => m.Channel == ChampionsWorld.WinsChannel);
        Assert.Contains($"<@{Nominee}>", announcement.Text);
        Assert.Contains("Morgan Manager", announcement.Text);
        Assert.Contains(AllText(announcement), t => t.Contains(ChampionsWorld.GoodReason, StringComparison.Ordinal));

        var titles = await world.Run<ITitleService, IReadOnlyDictionary<string, IReadOnlyList<TitleBadge>>>(s =>
            s.CurrentTitles(Team, [Nominee], world.Time.GetUtcNow().UtcDateTime, CancellationToken.None));
        Assert.Contains(titles[Nominee], b => b.Kind == TitleKind.CustomerChampion);
    }

    [Fact]
    public async Task Publish_Twice_SendsEachNoticeOnce()
    {
        await using var world = await ChampionsWorld.Create();
        var nominated = Assert.IsType<Nominated>(await world.Nominate(Manager, Nominee));

        await world.Publish(nominated.NominationId);
        await world.Publish(nominated.NominationId);

        Assert.Equal(2, world.Posted.Count);
        Assert.Empty(await world.Run<ChampionNotices, IReadOnlyList<long>>(n => n.Unfinished(CancellationToken.None)));
    }

    /// <summary>Two runs at once (another instance's sweep while the queue sends): the one that claimed sends, the other leaves it.</summary>
    [Fact]
    public async Task Publish_TwoRunsAtOnce_SendEachNoticeOnce()
    {
        await using var world = await ChampionsWorld.Create();
        var nominated = Assert.IsType<Nominated>(await world.Nominate(Manager, Nominee));
        var dmOpening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        world.Conversations.SetupSequence(c => c.Open(It.IsAny<IEnumerable<string>>(), It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                dmOpening.SetResult();
                return release.Task;
            })
            .ReturnsAsync("D" + Nominee);

        var first = world.Publish(nominated.NominationId);
        await dmOpening.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await world.Publish(nominated.NominationId);
        Assert.Empty(world.Posted);
        release.SetResult("D" + Nominee);
        await first.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Single(world.Posted, m => m.Channel == "D" + Nominee);
        Assert.Single(world.Posted, m => m.Channel == ChampionsWorld.WinsChannel);
        world.Conversations.Verify(c => c.Open(It.IsAny<IEnumerable<string>>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    /// <summary>A run that died holding the claim (its process was killed): the notices go out once the claim lapses.</summary>
    [Fact]
    public async Task Publish_ClaimOfADeadRun_IsTakenOverWhenItLapses()
    {
        await using var world = await ChampionsWorld.Create();
        var nominated = Assert.IsType<Nominated>(await world.Nominate(Manager, Nominee));
        var until = world.Time.GetUtcNow().UtcDateTime + ChampionNotices.ClaimLease;
        await world.Run<SlackChampionBot.Persistence.BotDbContext>(db => db.Set<ChampionNomination>().Where(n => n.Id == nominated.NominationId)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.NoticesClaimedUntil, until)));

        await world.Publish(nominated.NominationId);
        Assert.Empty(world.Posted);

        world.Time.Advance(ChampionNotices.ClaimLease + TimeSpan.FromSeconds(1));
        await world.Publish(nominated.NominationId);
        Assert.Equal(2, world.Posted.Count);
        Assert.Null(Assert.Single(await world.All<ChampionNomination>()).NoticesClaimedUntil);
    }

    [Fact]
    public async Task Publish_DmFails_StillAnnouncesAndRetriesTheDmLater()
    {
        await using var world = await ChampionsWorld.Create();
        var nominated = Assert.IsType<Nominated>(await world.Nominate(Manager, Nominee));
        world.Conversations.SetupSequence(c => c.Open(It.IsAny<IEnumerable<string>>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new SlackChampionBot.Slack.SlackException("ratelimited"))
            .ReturnsAsync("D" + Nominee);

        await Assert.ThrowsAsync<SlackChampionBot.Slack.SlackException>(() => world.Publish(nominated.NominationId));
        Assert.Single(world.Posted, m => m.Channel == ChampionsWorld.WinsChannel);
        Assert.Equal([nominated.NominationId], await world.Run<ChampionNotices, IReadOnlyList<long>>(n => n.Unfinished(CancellationToken.None)));

        await world.Publish(nominated.NominationId);
        Assert.Single(world.Posted, m => m.Channel == "D" + Nominee);
        Assert.Single(world.Posted, m => m.Channel == ChampionsWorld.WinsChannel);
    }

    public static TheoryData<string, string, string, string> Refusals => new()
    {
        { "non-manager", ChampionsWorld.Colleague, Nominee, nameof(NominationRefusal.NotAManager) },
        { "self", Manager, Manager, nameof(NominationRefusal.SelfNomination) },
        { "bot", Manager, ChampionsWorld.Bot, nameof(NominationRefusal.NomineeIsBot) },
        { "deactivated", Manager, ChampionsWorld.Departed, nameof(NominationRefusal.NomineeDeactivated) },
        { "unknown", Manager, "UNOSUCHONE", nameof(NominationRefusal.NomineeNotFound) },
        { "short reason", Manager, Nominee, nameof(NominationRefusal.ReasonTooShort) },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Nominate_Refused_SaysWhyAndLeavesNoTrace(string scenario, string managerId, string nomineeId, string expected)
    {
        await using var world = await ChampionsWorld.Create();
        var reason = scenario == "short reason" ? "Great job!   " : ChampionsWorld.GoodReason;

        var outcome = await world.Nominate(managerId, nomineeId, reason);

        var refused = Assert.IsType<NominationRefused>(outcome);
        Assert.Equal(Enum.Parse<NominationRefusal>(expected), refused.Why);
        Assert.False(string.IsNullOrWhiteSpace(ChampionBlocks.Refusal(refused)));
        await AssertNoTrace(world, expectedNominations: 0);
    }

    [Fact]
    public async Task Nominate_ThirdInAMonth_IsRefusedAndLeavesNoTrace()
    {
        await using var world = await ChampionsWorld.Create();
        Assert.IsType<Nominated>(await world.Nominate(Manager, Nominee));
        Assert.IsType<Nominated>(await world.Nominate(Manager, ChampionsWorld.Colleague));
        world.People["UTHIRDONE"] = new() { Id = "UTHIRDONE", Profile = new() { DisplayName = "Third" } };

        var refused = Assert.IsType<NominationRefused>(await world.Nominate(Manager, "UTHIRDONE"));

        Assert.Equal(NominationRefusal.AllowanceUsed, refused.Why);
        Assert.Contains("2 nominations", ChampionBlocks.Refusal(refused));
        await AssertNoTrace(world, expectedNominations: 2);
    }

    [Fact]
    public async Task Nominate_NextMonth_AllowanceIsFreshAgain()
    {
        await using var world = await ChampionsWorld.Create();
        Assert.IsType<Nominated>(await world.Nominate(Manager, Nominee));
        Assert.IsType<Nominated>(await world.Nominate(Manager, ChampionsWorld.Colleague));

        world.Time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 0, 30, 0, TimeSpan.Zero));
        var nominated = Assert.IsType<Nominated>(await world.Nominate(Manager, Nominee));

        Assert.Equal(new ChampionMonth(2026, 12), nominated.Month);
    }

    [Fact]
    public void Refusal_EachReason_HasItsOwnMessage()
    {
        var messages = Enum.GetValues<NominationRefusal>().Select(r => ChampionBlocks.Refusal(new NominationRefused(r, 2))).ToList();

        Assert.Equal(messages.Count, messages.Distinct().Count());
    }

    [Fact]
    public async Task Nominate_ManagerMembership_FollowsTheSyncedUserGroup()
    {
        await using var world = await ChampionsWorld.Create(sync: false);
        world.GroupMembers.Clear();
        world.GroupMembers.Add(ChampionsWorld.Colleague);

        // Before the first sync nobody is known to be in the group.
        Assert.Equal(NominationRefusal.NotAManager, Assert.IsType<NominationRefused>(await world.Nominate(ChampionsWorld.Colleague, Nominee)).Why);

        await world.SyncGroups();
        Assert.IsType<Nominated>(await world.Nominate(ChampionsWorld.Colleague, Nominee));
        Assert.Equal(NominationRefusal.NotAManager, Assert.IsType<NominationRefused>(await world.Nominate(Manager, Nominee)).Why);

        world.GroupMembers.Clear();
        world.GroupMembers.Add(Manager);
        await world.SyncGroups();
        Assert.IsType<Nominated>(await world.Nominate(Manager, Nominee));
        Assert.Equal(NominationRefusal.NotAManager, Assert.IsType<NominationRefused>(await world.Nominate(ChampionsWorld.Colleague, Manager)).Why);
        world.UserGroupUsers.Verify(g => g.List(ChampionsWorld.ManagerGroupId, It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task Nominate_ListedManagerWithoutGroup_MayNominate()
    {
        var settings = ChampionsWorld.DefaultSettings();
        settings.Remove("Champions:ManagerGroup");
        settings["Champions:Managers:0"] = ChampionsWorld.Colleague;
        await using var world = await ChampionsWorld.Create(settings);

        Assert.IsType<Nominated>(await world.Nominate(ChampionsWorld.Colleague, Nominee));
        Assert.Equal(NominationRefusal.NotAManager, Assert.IsType<NominationRefused>(await world.Nominate(Manager, Nominee)).Why);
    }

    [Fact]
    public async Task Nominate_NoManagersConfigured_NobodyMayNominate()
    {
        var settings = ChampionsWorld.DefaultSettings();
        settings.Remove("Champions:ManagerGroup");
        await using var world = await ChampionsWorld.Create(settings);

        var refused = Assert.IsType<NominationRefused>(await world.Nominate(Manager, Nominee));

        Assert.Equal(NominationRefusal.NoManagersConfigured, refused.Why);
        Assert.Contains("Champions:ManagerGroup", ChampionBlocks.Refusal(refused));
    }

    [Fact]
    public async Task Publish_ReasonWithHere_IsAnnouncedEscaped()
    {
        await using var world = await ChampionsWorld.Create();
        // As a slash command delivers it: a real <!here>, and a typed "&" and "<" in Slack's escaping.
        var reason = "Rescued the launch for ACME <!here> &amp; kept the customer calm &lt;3";
        var nominated = Assert.IsType<Nominated>(await world.Nominate(Manager, Nominee, reason));

        await world.Publish(nominated.NominationId);

        var texts = world.Posted.SelectMany(AllText).ToList();
        Assert.DoesNotContain(texts, t => t.Contains("<!here>", StringComparison.Ordinal));
        var announcement = Assert.Single(world.Posted, m => m.Channel == ChampionsWorld.WinsChannel);
        Assert.Contains(AllText(announcement), t => t.Contains("ACME @here &amp; kept the customer calm &lt;3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Withdraw_Within24Hours_ReversesBonusAndKeepsBothEntries()
    {
        await using var world = await ChampionsWorld.Create();
        var nominated = Assert.IsType<Nominated>(await world.Nominate(Manager, Nominee));
        await world.Publish(nominated.NominationId);
        world.Time.Advance(TimeSpan.FromHours(23));

        var outcome = await world.Run<ChampionService, WithdrawalOutcome>(s => s.Withdraw(Team, Manager, null, CancellationToken.None));
        await world.Publish(nominated.NominationId);

        var withdrawn = Assert.IsType<Withdrawn>(outcome);
        Assert.Equal((Nominee, 5), (withdrawn.NomineeId, withdrawn.ReversedStars));
        var entries = (await world.All<StarEntry>()).OrderBy(e => e.Id).ToList();
        Assert.Equal(2, entries.Count);
        Assert.Equal((StarReason.Reversal, -5, entries[0].Id, $"reversal:{entries[0].Id}"), (entries[1].Reason, entries[1].Amount, entries[1].ReversesEntryId, entries[1].NaturalKey));
        Assert.Equal(0, await world.Stars(Nominee));

        var history = await world.Run<ChampionService, IReadOnlyList<TitleHistoryEntry>>(s => s.History(Team, Nominee, CancellationToken.None));
        Assert.NotNull(Assert.Single(history).RevokedAt);
        Assert.Empty(await world.Run<ChampionService, IReadOnlyList<ChampionOfMonth>>(s => s.ChampionsOf(Team, nominated.Month, CancellationToken.None)));
        var notice = Assert.Single(world.Posted, m => m.ThreadTs is not null);
        Assert.Equal(ChampionsWorld.WinsChannel, notice.Channel);
    }

    [Fact]
    public async Task NominateThenWithdraw_ThroughTheLedger_ObserversToldOnceOfEachEntry()
    {
        var seen = new List<StarsChanged>();
        var observer = new Mock<IStarsChangedObserver>();
        observer.Setup(o => o.OnStarsChanged(It.IsAny<StarsChanged>(), It.IsAny<CancellationToken>()))
            .Callback((StarsChanged change, CancellationToken _) => seen.Add(change))
            .Returns(Task.CompletedTask);
        await using var world = await ChampionsWorld.Create(configure: s => s.AddSingleton(observer.Object));

        Assert.IsType<Nominated>(await world.Nominate(Manager, Nominee));
        Assert.IsType<Withdrawn>(await world.Run<ChampionService, WithdrawalOutcome>(s => s.Withdraw(Team, Manager, null, CancellationToken.None)));

        Assert.Equal([new StarsChanged(Team, Nominee, 5, null, "test"), new StarsChanged(Team, Nominee, -5, null, null)], seen);
        var entries = await world.All<StarEntry>();
        Assert.Equal(["champion:", "reversal:"], entries.OrderBy(e => e.Id).Select(e => e.NaturalKey[..(e.NaturalKey.IndexOf(':') + 1)]));
    }

    [Fact]
    public async Task Withdraw_After24Hours_IsRefusedAndChangesNothing()
    {
        await using var world = await ChampionsWorld.Create();
        Assert.IsType<Nominated>(await world.Nominate(Manager, Nominee));
        world.Time.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));

        var outcome = await world.Run<ChampionService, WithdrawalOutcome>(s => s.Withdraw(Team, Manager, null, CancellationToken.None));

        var refused = Assert.IsType<WithdrawalRefused>(outcome);
        Assert.Equal(WithdrawalRefusal.TooLate, refused.Why);
        Assert.Contains("24 hours", ChampionBlocks.Withdrawal(refused, world.Time.GetUtcNow().UtcDateTime));
        Assert.Single(await world.All<StarEntry>());
        Assert.Null(Assert.Single(await world.All<GrantedTitle>()).RevokedAt);
        Assert.Null(Assert.Single(await world.All<ChampionNomination>()).WithdrawnAt);
    }

    [Fact]
    public async Task Withdraw_AnotherManagersNomination_FindsNothingToUndo()
    {
        await using var world = await ChampionsWorld.Create();
        Assert.IsType<Nominated>(await world.Nominate(Manager, Nominee));

        var outcome = await world.Run<ChampionService, WithdrawalOutcome>(s => s.Withdraw(Team, ChampionsWorld.OtherManager, null, CancellationToken.None));

        Assert.Equal(WithdrawalRefusal.NothingToUndo, Assert.IsType<WithdrawalRefused>(outcome).Why);
        Assert.Single(await world.All<StarEntry>());
    }

    [Fact]
    public async Task Withdraw_FreesTheMonthlyAllowance()
    {
        await using var world = await ChampionsWorld.Create();
        Assert.IsType<Nominated>(await world.Nominate(Manager, Nominee));
        Assert.IsType<Nominated>(await world.Nominate(Manager, ChampionsWorld.Colleague));
        Assert.IsType<Withdrawn>(await world.Run<ChampionService, WithdrawalOutcome>(s => s.Withdraw(Team, Manager, Nominee, CancellationToken.None)));

        Assert.IsType<Nominated>(await world.Nominate(Manager, ChampionsWorld.OtherManager));
    }

    [Fact]
    public async Task Withdraw_BeforeAnnouncement_IsNeverAnnounced()
    {
        await using var world = await ChampionsWorld.Create();
        var nominated = Assert.IsType<Nominated>(await world.Nominate(Manager, Nominee));
        Assert.IsType<Withdrawn>(await world.Run<ChampionService, WithdrawalOutcome>(s => s.Withdraw(Team, Manager, null, CancellationToken.None)));

        await world.Publish(nominated.NominationId);

        Assert.Empty(world.Posted);
    }

    [Fact]
    public async Task Revoke_MilestoneByAdmin_MarksTitleRevokedAndKeepsIt()
    {
        var settings = ChampionsWorld.DefaultSettings();
        settings["Champions:Admins:0"] = ChampionsWorld.OtherManager;
        await using var world = await ChampionsWorld.Create(settings);
        await world.AddStars(Nominee, 10, null, "credit:1", StarReason.Credit);
        await world.Run<MilestoneTitles>(m => m.OnStarsChanged(new StarsChanged(Team, Nominee, 10, null, null), CancellationToken.None));
        Task<RevokeOutcome> Revoke(string by, string name) =>
            world.Run<ChampionService, RevokeOutcome>(async s => (await s.Revoke(Team, by, Nominee, name, CancellationToken.None)).Outcome);

        Assert.Equal(RevokeOutcome.NotAManager, await Revoke(ChampionsWorld.Colleague, "Rising Star"));
        Assert.Equal(RevokeOutcome.NoSuchTitle, await Revoke(Manager, "Customer Legend"));
        Assert.Equal(RevokeOutcome.AdminsOnly, await Revoke(Manager, "Rising Star"));
        Assert.Equal(RevokeOutcome.Revoked, await Revoke(ChampionsWorld.OtherManager, "rising star"));

        var title = Assert.Single(await world.All<GrantedTitle>());
        Assert.Equal(ChampionsWorld.OtherManager, title.RevokedBy);
        var current = await world.Run<ITitleService, IReadOnlyDictionary<string, IReadOnlyList<TitleBadge>>>(s =>
            s.CurrentTitles(Team, [Nominee], world.Time.GetUtcNow().UtcDateTime, CancellationToken.None));
        Assert.False(current.ContainsKey(Nominee));
    }

    private static async Task AssertNoTrace(ChampionsWorld world, int expectedNominations)
    {
        Assert.Equal(expectedNominations, (await world.All<ChampionNomination>()).Count);
        Assert.Equal(expectedNominations, (await world.All<GrantedTitle>()).Count);
        Assert.Equal(expectedNominations, (await world.All<StarEntry>()).Count);
        world.Chat.Verify(c => c.PostMessage(It.IsAny<Message>(), It.IsAny<CancellationToken>()), Times.Never);
        world.Conversations.Verify(c => c.Open(It.IsAny<IEnumerable<string>>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    internal static IEnumerable<string> AllText(Message message) =>
        new[] { message.Text ?? string.Empty }.Concat((message.Blocks ?? []).SelectMany(b => b switch
        {
            SectionBlock s => new[] { s.Text?.Text ?? string.Empty },
            ContextBlock c => c.Elements.OfType<ContextText>().Select(e => e.Text),
            HeaderBlock h => new[] { h.Text.Text },
            _ => [],
        }));
}
