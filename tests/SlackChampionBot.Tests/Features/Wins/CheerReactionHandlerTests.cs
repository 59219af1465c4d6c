using SlackChampionBot.Features.Stars;
using SlackChampionBot.Slack.Events;

namespace SlackChampionBot.Tests.Features.Wins;

public sealed class CheerReactionHandlerTests : IAsyncLifetime
{
    private const string Alice = "U0ALICE";
    private const string Bob = "U0BOB";
    private const string Chen = "U0CHEN";
    private const string Story = "Rescued the Hendersons' wedding order after the courier lost it";

    private WinsTestBed _bed = null!;

    /// <summary>These tests post many wins to cheer: the paid wins a day (FairPlayLimitsTests) are out of their way.</summary>
    private static readonly Dictionary<string, string?> ManyWins = new() { ["Wins:MaxPaidWinsPerDay"] = "100" };

    public Task InitializeAsync()
    {
        _bed = new WinsTestBed(ManyWins);
        _bed.AddUser(Alice, "alice");
        _bed.AddUser(Bob, "bob");
        _bed.AddUser(Chen, "chen");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    private async Task<MessageEvent> PostWin(string poster = Alice, string? story = null)
    {
        var message = _bed.Message(poster, $"#win {story ?? Story}");
        await _bed.Deliver(message);
        return message;
    }

    [Fact]
    public async Task Handle_CheersFromTwoPeopleTwiceEach_PayOncePerReactor()
    {
        var win = await PostWin();

        await _bed.Deliver(_bed.Cheer(Bob, win));
        await _bed.Deliver(_bed.Cheer(Bob, win));
        await _bed.Deliver(_bed.Cheer(Chen, win));

        Assert.Equal(3, await _bed.Balance(Alice)); // the win's own star + one per reactor
        var cheers = (await _bed.Entries()).Where(e => e.Reason == StarReason.Cheer).ToList();
        Assert.Equal([Bob, Chen], cheers.Select(c => c.GiverId));
        Assert.All(cheers, c => Assert.Equal(Alice, c.ReceiverId));
        Assert.Empty(_bed.Ephemerals);
    }

    [Fact]
    public async Task Handle_SameCheerDeliveredConcurrently_PaysOnce()
    {
        var win = await PostWin();
        var cheer = _bed.Cheer(Bob, win);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => _bed.Deliver(cheer, $"Ev0CHEER{i % 2}"))));

        Assert.Equal(2, await _bed.Balance(Alice));
        Assert.Single(await _bed.Entries(), e => e.Reason == StarReason.Cheer);
    }

    [Fact]
    public async Task Handle_CheerRemovedThenGivenAgain_ReversesThenPaysOnceMore()
    {
        var win = await PostWin();
        await _bed.Deliver(_bed.Cheer(Bob, win), "Ev0ADD1");

        await _bed.Deliver(_bed.Uncheer(Bob, win), "Ev0REMOVE1");
        Assert.Equal(1, await _bed.Balance(Alice));

        await _bed.Deliver(_bed.Cheer(Bob, win), "Ev0ADD2");
        await _bed.Deliver(_bed.Cheer(Bob, win), "Ev0ADD1"); // a late redelivery of the first cheer
        await _bed.Deliver(_bed.Uncheer(Bob, win), "Ev0REMOVE1"); // a late redelivery of the first removal
        Assert.Equal(2, await _bed.Balance(Alice));

        var entries = await _bed.Entries();
        var reversal = Assert.Single(entries, e => e.Reason == StarReason.Reversal);
        Assert.Equal(-1, reversal.Amount);
        Assert.Equal(Bob, reversal.GiverId);
        Assert.Equal(entries.First(e => e.Reason == StarReason.Cheer).Id, reversal.ReversesEntryId);
    }

    [Fact]
    public async Task Handle_SelfCheer_IsRefusedWithAnExplanationAndRecordsNothing()
    {
        var win = await PostWin();

        await _bed.Deliver(_bed.Cheer(Alice, win));

        Assert.Equal(1, await _bed.Balance(Alice));
        var (user, message) = Assert.Single(_bed.Ephemerals);
        Assert.Equal(Alice, user);
        Assert.Equal(WinsTestBed.WinsChannel, message.Channel);
        Assert.Contains("can't give yourself a gold star", message.Text);
    }

    [Fact]
    public async Task Handle_TheBotsOwnCelebrationReaction_PaysNothingAndSaysNothing()
    {
        var win = await PostWin();

        await _bed.Deliver(_bed.Cheer(WinsTestBed.BotUser, win));
        _bed.AddUser("U0OTHERBOT", "otherbot", isBot: true);
        await _bed.Deliver(_bed.Cheer("U0OTHERBOT", win));

        Assert.Equal(1, await _bed.Balance(Alice));
        Assert.Empty(_bed.Ephemerals);
    }

    [Fact]
    public async Task Handle_OtherEmojiOrOtherMessage_PaysNothing()
    {
        var win = await PostWin();
        var chatter = _bed.Message(Chen, "lunch anyone?");
        await _bed.Deliver(chatter);

        await _bed.Deliver(_bed.Cheer(Bob, win, reaction: "thumbsup"));
        await _bed.Deliver(_bed.Cheer(Bob, chatter));

        Assert.Equal(1, await _bed.Balance(Alice));
        Assert.Equal(0, await _bed.Balance(Chen));
    }

    [Fact]
    public async Task Handle_GuestCheer_IsRefusedUnlessGuestsAreAllowed()
    {
        _bed.AddUser("U0GUEST", "agency", isGuest: true);
        var win = await PostWin();

        await _bed.Deliver(_bed.Cheer("U0GUEST", win));

        Assert.Equal(1, await _bed.Balance(Alice));
        Assert.Contains("Guests can't give", Assert.Single(_bed.Ephemerals).Message.Text);

        await using var open = new WinsTestBed(new() { ["Wins:AllowGuests"] = "true" });
        open.AddUser(Alice, "alice");
        open.AddUser("U0GUEST", "agency", isGuest: true);
        var openWin = open.Message(Alice, $"#win {Story}");
        await open.Deliver(openWin);
        await open.Deliver(open.Cheer("U0GUEST", openWin));
        Assert.Equal(2, await open.Balance(Alice));
    }

    [Theory]
    [InlineData("America/Los_Angeles", 1)] // 06:00 UTC is 23:00 the day before in Los Angeles (PDT)
    [InlineData("Asia/Tokyo", 9)] // 06:00 UTC is 15:00 in Tokyo
    public async Task Handle_SixthStarOfTheGiversDay_IsRefusedUntilTheirLocalMidnight(string zone, int hoursToMidnight)
    {
        await _bed.DisposeAsync();
        _bed = new WinsTestBed(ManyWins, now: new DateTimeOffset(2026, 3, 11, 6, 0, 0, TimeSpan.Zero));
        _bed.AddUser(Alice, "alice");
        _bed.AddUser(Bob, "bob");
        _bed.AddUser("U0GIVER", "giver", tz: zone);
        var wins = new List<MessageEvent>();
        for (var i = 0; i < 7; i++)
        {
            wins.Add(await PostWin(i % 2 == 0 ? Alice : Bob, $"{Story} (number {i})"));
        }

        for (var i = 0; i < 5; i++)
        {
            await _bed.Deliver(_bed.Cheer("U0GIVER", wins[i]));
        }

        Assert.Empty(_bed.Ephemerals);
        await _bed.Deliver(_bed.Cheer("U0GIVER", wins[5]));

        var (user, refusal) = Assert.Single(_bed.Ephemerals);
        Assert.Equal("U0GIVER", user);
        Assert.Equal(
            $"You've given 5 gold stars today; your allowance resets at midnight your time, in {(hoursToMidnight == 1 ? "1 hour" : $"{hoursToMidnight} hours")}.",
            refusal.Text);
        Assert.Equal(5, (await _bed.Entries()).Count(e => e.Reason == StarReason.Cheer));

        // A minute before the giver's midnight: still refused.
        _bed.Time.Advance(TimeSpan.FromHours(hoursToMidnight) - TimeSpan.FromMinutes(1));
        await _bed.Deliver(_bed.Cheer("U0GIVER", wins[5]));
        Assert.Equal(2, _bed.Ephemerals.Count);

        // Their local midnight: the first star of the new day is accepted.
        _bed.Time.Advance(TimeSpan.FromMinutes(1));
        await _bed.Deliver(_bed.Cheer("U0GIVER", wins[5]));
        Assert.Equal(6, (await _bed.Entries()).Count(e => e.Reason == StarReason.Cheer));
        Assert.Equal(2, _bed.Ephemerals.Count);
    }

    [Fact]
    public async Task Handle_RemovedCheer_GivesTheStarBackForToday()
    {
        _bed.AddUser("U0GIVER", "giver");
        var wins = new List<MessageEvent>();
        for (var i = 0; i < 6; i++)
        {
            wins.Add(await PostWin(Alice, $"{Story} (number {i})"));
        }

        for (var i = 0; i < 5; i++)
        {
            await _bed.Deliver(_bed.Cheer("U0GIVER", wins[i]));
        }

        await _bed.Deliver(_bed.Uncheer("U0GIVER", wins[0]));
        await _bed.Deliver(_bed.Cheer("U0GIVER", wins[5]));

        Assert.Empty(_bed.Ephemerals);
        Assert.Equal(6 + 5, await _bed.Balance(Alice));
    }
}
