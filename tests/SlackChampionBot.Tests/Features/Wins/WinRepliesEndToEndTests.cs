using Microsoft.EntityFrameworkCore;
using SlackChampionBot.Sandbox;
using SlackChampionBot.TestSupport;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Features.Wins;

/// <summary>
/// The bot's reply in a win's thread says who got which stars; it is kept true through the real host when an edit
/// moves a credit or the win is deleted (chat.update on the fake Slack).
/// </summary>
public sealed class WinRepliesEndToEndTests
{
    private const string WinsChannel = "C0WINS";
    private const string Alice = "U0ALICE";
    private const string Bob = "U0BOB";
    private const string Chen = "U0CHEN";
    private const string WinTs = "1700000000.000100";
    private const string Story = "#win Saved the Hendersons' wedding order";

    private static async Task<BotHarness> Start()
    {
        var bot = await BotHarness.Start(new Dictionary<string, string?> { ["Wins:Channels:0"] = WinsChannel });
        bot.Slack.AddUser(Alice, "alice", tz: "Europe/London");
        bot.Slack.AddUser(Bob, "bob", tz: "Europe/London");
        bot.Slack.AddUser(Chen, "chen", tz: "Europe/London");
        return bot;
    }

    private static async Task<FakeSlackRequest> PostWin(BotHarness bot, string text)
    {
        await bot.SendEventAndWait(WinEvents.Message(WinsChannel, Alice, text, WinTs));
        var reply = Assert.Single(bot.Slack.Calls("chat.postMessage"));
        Assert.Equal(WinTs, reply.Arg("thread_ts"));
        return reply;
    }

    private static Task<int> Stars(BotHarness bot, string userId) =>
        bot.Db(async db => await db.Set<StarEntry>().Where(e => e.ReceiverId == userId).SumAsync(e => (int?)e.Amount) ?? 0);

    [Fact]
    public async Task Edit_MovesACredit_TheReplyNamesTheNewColleague()
    {
        await using var bot = await Start();
        var reply = await PostWin(bot, $"{Story} with <@{Bob}>");
        Assert.Contains($"+1 star for <@{Bob}>", reply.Arg("text"));

        await bot.SendEventAndWait(WinEvents.Edit(WinsChannel, Alice, $"{Story} with <@{Chen}>", WinTs, "1700000100.000100"));

        var update = Assert.Single(bot.Slack.Calls("chat.update"));
        Assert.Equal(WinsChannel, update.Arg("channel"));
        Assert.NotEqual(WinTs, update.Arg("ts"));
        Assert.Contains($"+1 star for <@{Chen}>", update.Arg("text"));
        Assert.DoesNotContain(Bob, update.Arg("text") + update.Arg("blocks"));
        Assert.Contains($"Gold star for <@{Alice}>", update.Arg("text"));
    }

    [Fact]
    public async Task Edit_AddsAndDropsCredits_ReplyListsExactlyTheCreditedColleagues()
    {
        await using var bot = await Start();
        await PostWin(bot, $"{Story} with <@{Bob}>");

        await bot.SendEventAndWait(WinEvents.Edit(WinsChannel, Alice, $"{Story} with <@{Bob}> and <@{Chen}>", WinTs, "1700000100.000100"));
        await bot.SendEventAndWait(WinEvents.Edit(WinsChannel, Alice, $"{Story} on my own", WinTs, "1700000200.000100"));

        var updates = bot.Slack.Calls("chat.update");
        Assert.Equal(2, updates.Count);
        Assert.Contains($"+1 star each for <@{Bob}> and <@{Chen}>", updates[0].Arg("text"));
        Assert.DoesNotContain("star for", updates[1].Arg("text")!.Replace("Gold star for", string.Empty, StringComparison.Ordinal));
        Assert.Single(updates.Select(u => u.Arg("ts")).Distinct());
    }

    [Fact]
    public async Task Edit_ThatChangesNoCredit_LeavesTheReplyAlone()
    {
        await using var bot = await Start();
        await PostWin(bot, $"{Story} with <@{Bob}>");

        await bot.SendEventAndWait(WinEvents.Edit(WinsChannel, Alice, $"{Story} (and the cake) with <@{Bob}>", WinTs, "1700000100.000100"));

        Assert.Empty(bot.Slack.Calls("chat.update"));
    }

    [Fact]
    public async Task Tombstone_DeletedWin_TheReplySaysItsStarsWereReturned()
    {
        await using var bot = await Start();
        await PostWin(bot, $"{Story} with <@{Bob}>");

        await bot.SendEventAndWait(WinEvents.Tombstone(WinsChannel, Alice, $"{Story} with <@{Bob}>", WinTs, "1700000100.000100"));

        var update = Assert.Single(bot.Slack.Calls("chat.update"));
        Assert.Equal(WinsChannel, update.Arg("channel"));
        Assert.Equal("This win was deleted; its stars were returned.", update.Arg("text"));
        Assert.NotEqual(WinTs, update.Arg("ts"));
    }

    [Fact]
    public async Task MessageDeleted_ReplyAlreadyGone_DeletionStillStands()
    {
        await using var bot = await Start();
        await PostWin(bot, $"{Story} with <@{Bob}>");
        bot.Slack.Enqueue("chat.update", FakeSlackResponse.Error("message_not_found"));

        await bot.SendEventAndWait(WinEvents.Deleted(WinsChannel, WinTs, "1700000100.000100", WinEvents.Message(WinsChannel, Alice, Story, WinTs)));

        Assert.Single(bot.Slack.Calls("chat.update"));
        Assert.Equal((0, 0), (await Stars(bot, Alice), await Stars(bot, Bob)));
    }
}
