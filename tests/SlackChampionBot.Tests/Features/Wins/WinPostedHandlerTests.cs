using SlackChampionBot.Features.Stars;
using SlackChampionBot.Features.Wins;
using Moq;
using SlackChampionBot.Slack;
using SlackChampionBot.Slack.Blocks;
using SlackChampionBot.Slack.Events;
using SlackChampionBot.Slack.WebApi;

namespace SlackChampionBot.Tests.Features.Wins;

public sealed class WinPostedHandlerTests : IAsyncLifetime
{
    private const string Alice = "U0ALICE";
    private const string Bob = "U0BOB";
    private const string Chen = "U0CHEN";
    private const string Story = "Rescued the Hendersons' wedding order after the courier lost it";

    private WinsTestBed _bed = null!;

    public Task InitializeAsync()
    {
        _bed = new WinsTestBed();
        _bed.AddUser(Alice, "alice");
        _bed.AddUser(Bob, "bob");
        _bed.AddUser(Chen, "chen");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task Handle_TaggedWinDeliveredThreeTimes_PaysPosterAndCreditsOnce()
    {
        var message = _bed.Message(Alice, $"#win {Story} with <@{Bob}> and <@{Chen}>");
        const string eventId = "Ev0REDELIVERED";

        await _bed.Deliver(message, eventId);
        await _bed.Deliver(message, eventId);
        await _bed.Deliver(message, eventId);

        Assert.Equal(1, await _bed.Balance(Alice));
        Assert.Equal(1, await _bed.Balance(Bob));
        Assert.Equal(1, await _bed.Balance(Chen));
        Assert.Equal(3, (await _bed.Entries()).Count);
        var win = Assert.Single(await _bed.Wins());
        Assert.Equal([Bob, Chen], win.Credits.Select(c => c.UserId).Order());
        Assert.Single(_bed.Posted); // one celebration
        Assert.Equal(3, _bed.Observer.Changes.Count);
    }

    [Fact]
    public async Task Handle_SameWinDeliveredConcurrently_PaysOnce()
    {
        var message = _bed.Message(Alice, $"#win {Story} with <@{Bob}>");

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => _bed.Deliver(message, "Ev0RACE"))));

        Assert.Equal(1, await _bed.Balance(Alice));
        Assert.Equal(1, await _bed.Balance(Bob));
        Assert.Equal(2, (await _bed.Entries()).Count);
        Assert.Single(await _bed.Wins());
        Assert.Equal(2, _bed.Observer.Changes.Count);
    }

    [Fact]
    public async Task Handle_UntaggedWinLikeMessage_PaysNothingAndTips()
    {
        await _bed.Deliver(_bed.Message(Alice, $"{Story}, thanks <@{Bob}>!"));

        Assert.Empty(await _bed.Entries());
        Assert.Empty(await _bed.Wins());
        var (user, tip) = Assert.Single(_bed.Ephemerals);
        Assert.Equal(Alice, user);
        Assert.Equal(WinsTestBed.WinsChannel, tip.Channel);
        Assert.Contains("#win", tip.Text);
    }

    [Fact]
    public async Task Handle_UntaggedChatter_StaysSilent()
    {
        await _bed.Deliver(_bed.Message(Alice, "lunch anyone?"));

        Assert.Empty(await _bed.Entries());
        Assert.Empty(_bed.Ephemerals);
    }

    [Fact]
    public async Task Handle_ShortTaggedMessage_PaysNothingAndTips()
    {
        // 19 characters of story once the tag, the mention and the emoji are gone.
        await _bed.Deliver(_bed.Message(Alice, $"#win <@{Bob}> :tada: a great job with it"));

        Assert.Empty(await _bed.Entries());
        var (user, tip) = Assert.Single(_bed.Ephemerals);
        Assert.Equal(Alice, user);
        Assert.Contains("20 characters", tip.Text);
    }

    [Fact]
    public async Task Handle_TwentyCharactersOfStory_IsAWin()
    {
        await _bed.Deliver(_bed.Message(Alice, $"#win <@{Bob}> :tada: a great job with it!"));

        Assert.Equal(1, await _bed.Balance(Alice));
    }

    public static TheoryData<string> Ignored => ["thread reply", "bot message", "bot's own message", "channel join", "other channel", "app message"];

    [Theory]
    [MemberData(nameof(Ignored))]
    public async Task Handle_NotATopLevelHumanMessageInAWinsChannel_PaysNothing(string kind)
    {
        var message = _bed.Message(Alice, $"#win {Story} with <@{Bob}>");
        switch (kind)
        {
            case "thread reply":
                message.ThreadTs = "999.000001";
                break;
            case "bot message":
                message.Subtype = "bot_message";
                message.User = null;
                message.BotId = "B0OTHER";
                break;
            case "bot's own message":
                message.User = WinsTestBed.BotUser;
                break;
            case "channel join":
                message.Subtype = "channel_join";
                break;
            case "other channel":
                message.Channel = WinsTestBed.OtherChannel;
                break;
            case "app message":
                message.BotId = "B0APP";
                break;
        }

        await _bed.Deliver(message);

        Assert.Empty(await _bed.Entries());
        Assert.Empty(await _bed.Wins());
        Assert.Empty(_bed.Posted);
        Assert.Empty(_bed.Ephemerals);
    }

    [Fact]
    public async Task Handle_WinNamingOnlyABotAndAFormerColleague_PaysPosterOnlyAndTips()
    {
        _bed.AddUser("U0HELPER", "helperbot", isBot: true);
        _bed.AddUser("U0GONE", "gone", deleted: true);

        await _bed.Deliver(_bed.Message(Alice, $"#win {Story} thanks <@U0HELPER> <@U0GONE> <@{WinsTestBed.BotUser}> <@U0NOBODY>"));

        Assert.Equal(1, await _bed.Balance(Alice));
        Assert.Single(await _bed.Entries());
        var (user, tip) = Assert.Single(_bed.Ephemerals);
        Assert.Equal(Alice, user);
        Assert.Contains("<@U0HELPER> and <@U0BOT> are bots", tip.Text);
        Assert.Contains("<@U0GONE> and <@U0NOBODY> aren't active colleagues", tip.Text);
    }

    [Fact]
    public async Task Handle_GuestCreditedWhileGuestsAreOff_GetsNoStar()
    {
        _bed.AddUser("U0GUEST", "agency", isGuest: true);

        await _bed.Deliver(_bed.Message(Alice, $"#win {Story} with <@U0GUEST>"));

        Assert.Equal(0, await _bed.Balance("U0GUEST"));
        Assert.Contains("is a guest", Assert.Single(_bed.Ephemerals).Message.Text);
    }

    [Fact]
    public async Task Handle_TaggedWin_RecordsStageKindPermalinkAndCelebrates()
    {
        var message = _bed.Message(Alice, $":trophy: {Story} #returns #service with <@{Bob}> and <@{Chen}>");

        await _bed.Deliver(message);

        var win = Assert.Single(await _bed.Wins());
        Assert.Equal(LifecycleStage.Returns, win.Stage);
        Assert.Equal(ExperienceKind.Service, win.Experience);
        Assert.Equal(WinSource.Message, win.Source);
        Assert.Equal(Alice, win.PosterId);
        Assert.Equal(message.Text, win.Text);
        Assert.StartsWith("https://example.slack.com/archives/C0WINS/p", win.Permalink);
        var reply = Assert.Single(_bed.Posted);
        Assert.Equal(message.Ts, reply.ThreadTs);
        Assert.Equal("⭐ Gold star for <@U0ALICE> — 1st win this month! +1 star each for <@U0BOB> and <@U0CHEN>", reply.Text);
        Assert.Equal(("star", WinsTestBed.WinsChannel, message.Ts!), Assert.Single(_bed.AddedReactions));
    }

    [Fact]
    public async Task Handle_WinsAcrossMonths_CountsTheCalendarMonthInTheCompanyZone()
    {
        // 23:30 UTC on 31 March is already 1 April in London (BST); the March win does not count for April.
        var bed = _bed;
        bed.Time.SetUtcNow(new DateTimeOffset(2026, 3, 31, 22, 0, 0, TimeSpan.Zero));
        await bed.Deliver(bed.Message(Alice, $"#win {Story}"));
        bed.Time.SetUtcNow(new DateTimeOffset(2026, 3, 31, 23, 30, 0, TimeSpan.Zero));
        await bed.Deliver(bed.Message(Alice, $"#win {Story}, again"));
        await bed.Deliver(bed.Message(Alice, $"#win {Story}, and again"));

        Assert.Equal(
            ["⭐ Gold star for <@U0ALICE> — 1st win this month!", "⭐ Gold star for <@U0ALICE> — 1st win this month!", "⭐ Gold star for <@U0ALICE> — 2nd win this month!"],
            bed.Posted.Select(p => p.Text));
    }

    [Fact]
    public async Task Handle_RequireTagOff_CountsUntaggedMessages()
    {
        await using var bed = new WinsTestBed(new() { ["Wins:RequireTag"] = "false" });
        bed.AddUser(Alice, "alice");

        await bed.Deliver(bed.Message(Alice, Story));

        Assert.Equal(1, await bed.Balance(Alice));
    }

    [Fact]
    public async Task Handle_EditRemovingACreditedColleague_ReversesTheirStar()
    {
        var message = _bed.Message(Alice, $"#win {Story} with <@{Bob}> and <@{Chen}>");
        await _bed.Deliver(message);

        await _bed.Deliver(_bed.Edit(message, $"#win {Story} with <@{Chen}>"));

        Assert.Equal(0, await _bed.Balance(Bob));
        Assert.Equal(1, await _bed.Balance(Chen));
        Assert.Equal(1, await _bed.Balance(Alice));
        var reversal = (await _bed.Entries()).Last();
        Assert.Equal(StarReason.Reversal, reversal.Reason);
        Assert.Equal(Bob, reversal.ReceiverId);
        Assert.Equal([Chen], Assert.Single(await _bed.Wins()).Credits.Select(c => c.UserId));
    }

    [Fact]
    public async Task Handle_EditAddingAndReAddingColleagues_PaysEachCurrentCreditOnce()
    {
        var message = _bed.Message(Alice, $"#win {Story} with <@{Bob}>");
        await _bed.Deliver(message);

        var edit = _bed.Edit(message, $"#win {Story} with <@{Chen}>");
        await _bed.Deliver(edit, "Ev0EDIT1");
        await _bed.Deliver(edit, "Ev0EDIT1");
        await _bed.Deliver(_bed.Edit(message, $"#win {Story} with <@{Bob}> and <@{Chen}>"));

        Assert.Equal(1, await _bed.Balance(Bob));
        Assert.Equal(1, await _bed.Balance(Chen));
        Assert.Equal(1, await _bed.Balance(Alice));
    }

    [Fact]
    public async Task Handle_MessageEditedIntoAWin_RecordsItWithoutTippingTwice()
    {
        var message = _bed.Message(Alice, $"{Story} with <@{Bob}>");
        await _bed.Deliver(message);
        Assert.Single(_bed.Ephemerals);

        await _bed.Deliver(_bed.Edit(message, $"#win {Story} with <@{Bob}>"));

        Assert.Equal(1, await _bed.Balance(Alice));
        Assert.Equal(1, await _bed.Balance(Bob));
        Assert.Single(_bed.Ephemerals);
    }

    [Fact]
    public async Task Handle_Delete_ReversesEveryStarTheWinProducedCheersIncluded()
    {
        var message = _bed.Message(Alice, $"#win {Story} with <@{Bob}>");
        await _bed.Deliver(message);
        await _bed.Deliver(_bed.Cheer(Chen, message));
        Assert.Equal(2, await _bed.Balance(Alice));

        var delete = _bed.Delete(message);
        await _bed.Deliver(delete, "Ev0DELETE");
        await _bed.Deliver(delete, "Ev0DELETE");

        Assert.Equal(0, await _bed.Balance(Alice));
        Assert.Equal(0, await _bed.Balance(Bob));
        var entries = await _bed.Entries();
        Assert.Equal(6, entries.Count);
        Assert.Equal(0, entries.Sum(e => e.Amount));
        Assert.NotNull(Assert.Single(await _bed.Wins()).DeletedAt);

        // A cheer on a deleted win pays nothing.
        await _bed.Deliver(_bed.Cheer(Bob, message));
        Assert.Equal(0, await _bed.Balance(Alice));
    }

    [Fact]
    public async Task Handle_StopGaveUpOnTheReplyWaitingItsTurn_TheNextRunPostsItOnceWithTheReaction()
    {
        // At SIGTERM the Web API client gives up on calls still waiting for their turn, without sending them: the
        // caller sees an OperationCanceledException although its own token was not cancelled. The event stays
        // pending, and the next run of it must still celebrate the win (this failed a loaded run of ShutdownTests).
        var stopped = 0;
        _bed.Chat.Setup(c => c.PostMessage(It.Is<Message>(m => m.ThreadTs != null), It.IsAny<CancellationToken>()))
            .Returns((Message m, CancellationToken _) =>
            {
                if (Interlocked.Exchange(ref stopped, 1) == 0)
                {
                    throw new OperationCanceledException("gave up at the stop, not sent");
                }

                lock (_bed.Posted)
                {
                    _bed.Posted.Add(m);
                }

                return Task.FromResult(new PostMessageResponse { Channel = m.Channel, Ts = "1700000099.000100" });
            });
        var message = _bed.Message(Alice, $"#win {Story}");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _bed.Deliver(message, "Ev0STOPPED"));
        Assert.Equal(1, await _bed.Balance(Alice)); // the stars were paid before the stop
        Assert.Empty(_bed.Posted);
        Assert.Empty(_bed.AddedReactions);
        Assert.Equal(CelebrationState.Pending, Assert.Single(await _bed.Wins()).Celebration);

        await _bed.Deliver(message, "Ev0STOPPED");
        await _bed.Deliver(message, "Ev0STOPPED");

        var reply = Assert.Single(_bed.Posted);
        Assert.Equal(message.Ts, reply.ThreadTs);
        Assert.Single(_bed.AddedReactions);
        var win = Assert.Single(await _bed.Wins());
        Assert.Equal((CelebrationState.Done, "1700000099.000100"), (win.Celebration, win.ReplyTs));
        Assert.Equal(1, await _bed.Balance(Alice));
    }

    [Fact]
    public async Task Handle_StopGaveUpOnTheReactionAfterTheReply_TheNextRunAddsItWithoutASecondReply()
    {
        var stopped = 0;
        _bed.Reactions.Setup(r => r.AddToMessage(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string name, string channel, string ts, CancellationToken _) =>
            {
                if (Interlocked.Exchange(ref stopped, 1) == 0)
                {
                    throw new OperationCanceledException("gave up at the stop, not sent");
                }

                lock (_bed.AddedReactions)
                {
                    _bed.AddedReactions.Add((name, channel, ts));
                }

                return Task.CompletedTask;
            });
        var message = _bed.Message(Alice, $"#win {Story}");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _bed.Deliver(message, "Ev0STOPPED"));
        Assert.Single(_bed.Posted);
        Assert.Equal(CelebrationState.Replied, Assert.Single(await _bed.Wins()).Celebration);

        await _bed.Deliver(message, "Ev0STOPPED");

        Assert.Single(_bed.Posted); // the reply is never sent twice
        Assert.Single(_bed.AddedReactions);
        Assert.Equal(CelebrationState.Done, Assert.Single(await _bed.Wins()).Celebration);
    }
}

