using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Features.Wins;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Features.Wins;

/// <summary>
/// Every way a win disappears from Slack, through the real host (signed events in, the fake Slack out): deleted with
/// and without thread replies, deleted by an admin, its channel archived or deleted.
/// </summary>
public sealed class WinDeletedEndToEndTests
{
    private const string WinsChannel = "C0WINS";
    private const string OtherWinsChannel = "C0WINS2";
    private const string PrivateWinsChannel = "G0PRIVATE";
    private const string Alice = "U0ALICE";
    private const string Bob = "U0BOB";
    private const string Chen = "U0CHEN";
    private const string Admin = "U0ADMIN";
    private const string WinTs = "1700000000.000100";
    private const string WinText = "#win Saved the Hendersons' wedding order with <@U0BOB>";

    private static async Task<BotHarness> Start()
    {
        var bot = await BotHarness.Start(new Dictionary<string, string?>
        {
            ["Wins:Channels:0"] = WinsChannel,
            ["Wins:Channels:1"] = OtherWinsChannel,
            ["Wins:Channels:2"] = PrivateWinsChannel,
        });
        bot.Slack.AddUser(Alice, "alice", tz: "Europe/London");
        bot.Slack.AddUser(Bob, "bob", tz: "Europe/London");
        bot.Slack.AddUser(Chen, "chen", tz: "Europe/London");
        bot.Slack.AddUser(Admin, "admin", tz: "Europe/London");
        return bot;
    }

    /// <summary>Alice's win crediting Bob, cheered by Chen: Alice 2 stars, Bob 1.</summary>
    private static async Task PostCheeredWin(BotHarness bot, string channel = WinsChannel, string ts = WinTs)
    {
        await bot.SendEventAndWait(WinEvents.Message(channel, Alice, WinText, ts));
        await bot.SendEventAndWait(WinEvents.Cheer(channel, Chen, Alice, ts, Later(ts, 1)));
        Assert.Equal((2, 1), (await Stars(bot, Alice), await Stars(bot, Bob)));
    }

    private static string Later(string ts, int seconds) =>
        (decimal.Parse(ts, System.Globalization.CultureInfo.InvariantCulture) + seconds).ToString("0.000000", System.Globalization.CultureInfo.InvariantCulture);

    private static Task<int> Stars(BotHarness bot, string userId) =>
        bot.Db(async db => await db.Set<StarEntry>().Where(e => e.ReceiverId == userId).SumAsync(e => (int?)e.Amount) ?? 0);

    private static Task<int> Entries(BotHarness bot) => bot.Db(db => db.Set<StarEntry>().CountAsync());

    private static Task<Win> TheWin(BotHarness bot, string channel = WinsChannel, string ts = WinTs) =>
        bot.Db(db => db.Set<Win>().AsNoTracking().SingleAsync(w => w.ChannelId == channel && w.MessageTs == ts));

    [Fact]
    public async Task MessageDeleted_WinWithoutReplies_ReversesEveryStarItEarned()
    {
        await using var bot = await Start();
        await PostCheeredWin(bot);

        await bot.SendEventAndWait(WinEvents.Deleted(WinsChannel, WinTs, Later(WinTs, 60), WinEvents.Message(WinsChannel, Alice, WinText, WinTs)));

        Assert.Equal((0, 0), (await Stars(bot, Alice), await Stars(bot, Bob)));
        Assert.NotNull((await TheWin(bot)).DeletedAt);
        Assert.Equal(6, await Entries(bot)); // three awards, three reversals
    }

    [Theory]
    [InlineData("USLACKBOT")]
    [InlineData(Alice)]
    public async Task Tombstone_WinWithThreadReplies_ReversesEveryStarOnceEvenWhenTheLastReplyGoesLater(string tombstoneUser)
    {
        await using var bot = await Start();
        await PostCheeredWin(bot);

        // The bot's celebration is a thread reply, so deleting the win leaves a tombstone (message_changed)...
        await bot.SendEventAndWait(WinEvents.Tombstone(WinsChannel, Alice, WinText, WinTs, Later(WinTs, 60), tombstoneUser));

        Assert.Equal((0, 0), (await Stars(bot, Alice), await Stars(bot, Bob)));
        Assert.NotNull((await TheWin(bot)).DeletedAt);
        Assert.Equal(6, await Entries(bot));

        // ...and when the last reply is removed, Slack sends message_deleted with the tombstone as previous_message.
        await bot.SendEventAndWait(WinEvents.Deleted(WinsChannel, WinTs, Later(WinTs, 120), WinEvents.TombstoneMessage(WinTs)));

        Assert.Equal((0, 0), (await Stars(bot, Alice), await Stars(bot, Bob)));
        Assert.Equal(6, await Entries(bot));
    }

    [Fact]
    public async Task Tombstone_AdminDeletesAFormWin_ReversesThePostersStars()
    {
        await using var bot = await Start();
        var state = new JsonObject
        {
            [WinsBlocks.StoryBlock] = new JsonObject { [WinsBlocks.StoryAction] = new JsonObject { ["type"] = "plain_text_input", ["value"] = "Rebooked the Hendersons' cancelled delivery for Saturday" } },
        };
        await bot.SendInteraction(BotHarness.ViewSubmission(Alice, ShareWinSubmission.CallbackId, state));
        var formWin = Assert.Single(await bot.Db(db => db.Set<Win>().AsNoTracking().ToListAsync()));
        Assert.Equal(1, await Stars(bot, Alice));

        // Only an admin can delete the bot's post; it has the celebration in its thread, so it becomes a tombstone.
        await bot.SendEventAndWait(WinEvents.Tombstone(WinsChannel, BotHarness.BotUserId, "shared a customer win", formWin.MessageTs, Later(formWin.MessageTs, 60)));

        Assert.Equal(0, await Stars(bot, Alice));
        Assert.NotNull((await TheWin(bot, ts: formWin.MessageTs)).DeletedAt);
    }

    [Fact]
    public async Task ChannelArchived_WinsStayWinsAndKeepTheirStars()
    {
        await using var bot = await Start();
        await PostCheeredWin(bot);
        var calls = bot.Slack.Calls().Count;

        // Slack posts a channel_archive system message in the channel and sends the channel_archive event.
        var archived = WinEvents.Message(WinsChannel, Admin, $"<@{Admin}> archived the channel", Later(WinTs, 300));
        archived["subtype"] = "channel_archive";
        await bot.SendEventAndWait(archived);
        await bot.SendEventAndWait(new JsonObject { ["type"] = "channel_archive", ["channel"] = WinsChannel, ["user"] = Admin, ["event_ts"] = Later(WinTs, 300) });

        Assert.Equal((2, 1), (await Stars(bot, Alice), await Stars(bot, Bob)));
        Assert.Null((await TheWin(bot)).DeletedAt);
        Assert.Equal(calls, bot.Slack.Calls().Count);
    }

    [Fact]
    public async Task ChannelDeleted_ReversesTheWinsPostedInIt_AndOnlyThose()
    {
        await using var bot = await Start();
        await PostCheeredWin(bot);
        await bot.SendEventAndWait(WinEvents.Message(OtherWinsChannel, Bob, "#win Talked the Patels through the returns form and kept the order", "1700000500.000100"));
        Assert.Equal(2, await Stars(bot, Bob));

        await bot.SendEventAndWait(new JsonObject { ["type"] = "channel_deleted", ["channel"] = WinsChannel, ["actor_id"] = Admin, ["event_ts"] = "1700001000.000100" });

        Assert.Equal((0, 1), (await Stars(bot, Alice), await Stars(bot, Bob)));
        Assert.NotNull((await TheWin(bot)).DeletedAt);
        Assert.Null((await TheWin(bot, OtherWinsChannel, "1700000500.000100")).DeletedAt);
    }

    [Fact]
    public async Task GroupDeleted_PrivateWinsChannel_ReversesItsWins()
    {
        await using var bot = await Start();
        await PostCheeredWin(bot, PrivateWinsChannel);

        await bot.SendEventAndWait(new JsonObject { ["type"] = "group_deleted", ["channel"] = PrivateWinsChannel, ["date_deleted"] = 1700001000, ["actor_id"] = Admin, ["event_ts"] = "1700001000.000100" });

        Assert.Equal((0, 0), (await Stars(bot, Alice), await Stars(bot, Bob)));
        Assert.NotNull((await TheWin(bot, PrivateWinsChannel)).DeletedAt);
    }
}
