using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Features.Wins;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Features.Wins;

/// <summary>The wins feature through the real host: signed events and interactions in, the fake Slack Web API out.</summary>
public sealed class WinsEndToEndTests
{
    private const string WinsChannel = "C0WINS";

    private static async Task<BotHarness> Start()
    {
        var bot = await BotHarness.Start(new Dictionary<string, string?> { ["Wins:Channels:0"] = WinsChannel });
        bot.Slack.AddUser("U0ALICE", "alice", tz: "Europe/London");
        bot.Slack.AddUser("U0BOB", "bob", tz: "Europe/London");
        return bot;
    }

    private static JsonObject Message(string user, string text, string ts) => WinEvents.Message(WinsChannel, user, text, ts);

    [Fact]
    public async Task SignedWinEvent_DeliveredThreeTimes_PaysOnceCelebratesOnceAndCheerIsReversedOnRemoval()
    {
        await using var bot = await Start();
        var win = Message("U0ALICE", "#win Saved the Hendersons' wedding order with <@U0BOB> <!channel>", "1700000000.000100");

        await bot.SendEventAndWait(win.DeepClone(), "Ev0WIN");
        await bot.SendEventAndWait(win.DeepClone(), "Ev0WIN", retryNum: 1);
        await bot.SendEventAndWait(win.DeepClone(), "Ev0WIN", retryNum: 2);

        var entries = await bot.Db(db => db.Set<StarEntry>().AsNoTracking().ToListAsync());
        Assert.Equal(2, entries.Count);
        var celebration = Assert.Single(bot.Slack.Calls("chat.postMessage"));
        Assert.Equal("1700000000.000100", celebration.Args["thread_ts"]);
        Assert.Single(bot.Slack.Calls("reactions.add"));

        var cheer = new JsonObject
        {
            ["type"] = "reaction_added",
            ["user"] = "U0BOB",
            ["reaction"] = "star",
            ["item_user"] = "U0ALICE",
            ["item"] = new JsonObject { ["type"] = "message", ["channel"] = WinsChannel, ["ts"] = "1700000000.000100" },
            ["event_ts"] = "1700000001.000100",
        };
        await bot.SendEventAndWait(cheer.DeepClone(), "Ev0CHEER");
        Assert.Equal(2, await bot.Db(db => db.Set<StarEntry>().Where(e => e.ReceiverId == "U0ALICE").SumAsync(e => e.Amount)));

        cheer["type"] = "reaction_removed";
        await bot.SendEventAndWait(cheer.DeepClone(), "Ev0UNCHEER");
        Assert.Equal(1, await bot.Db(db => db.Set<StarEntry>().Where(e => e.ReceiverId == "U0ALICE").SumAsync(e => e.Amount)));
    }

    [Fact]
    public async Task ShareWinForm_EmptyWhatHappened_AnswersWithAModalError()
    {
        await using var bot = await Start();
        var state = new JsonObject
        {
            [WinsBlocks.StoryBlock] = new JsonObject { [WinsBlocks.StoryAction] = new JsonObject { ["type"] = "plain_text_input", ["value"] = "" } },
        };

        var answer = await bot.SendInteraction(BotHarness.ViewSubmission("U0ALICE", ShareWinSubmission.CallbackId, state));

        Assert.Equal("errors", answer?["response_action"]?.GetValue<string>());
        Assert.NotNull(answer?["errors"]?[WinsBlocks.StoryBlock]);
        Assert.Empty(bot.Slack.Calls("chat.postMessage"));
    }

    [Fact]
    public async Task ShareWinForm_ChannelMentionInTheStory_ReachesSlackEscaped()
    {
        await using var bot = await Start();
        var state = new JsonObject
        {
            [WinsBlocks.StoryBlock] = new JsonObject { [WinsBlocks.StoryAction] = new JsonObject { ["type"] = "plain_text_input", ["value"] = "Told <!channel> the refund for the Hendersons went out today" } },
        };

        await bot.SendInteraction(BotHarness.ViewSubmission("U0ALICE", ShareWinSubmission.CallbackId, state));

        var posts = bot.Slack.Calls("chat.postMessage");
        Assert.NotEmpty(posts);
        var sent = posts[0].Args["text"] + posts[0].Args.GetValueOrDefault("blocks");
        Assert.DoesNotContain("<!channel>", sent);
        Assert.Contains("&lt;!channel&gt;", posts[0].Args["text"]);
    }

    [Fact]
    public async Task HomeTabShareWinButton_OpensTheSameFormAsSlashWin()
    {
        await using var bot = await Start();
        var click = BotHarness.ButtonClick("U0ALICE", ShareWinButton.ActionId, "share", "D0HOME", "1700000000.000300");
        click["container"] = new JsonObject { ["type"] = "view", ["view_id"] = "V0HOME" };
        click.Remove("message");

        Assert.Null(await bot.SendInteraction(click));

        var opened = Assert.Single(bot.Slack.Calls("views.open"));
        Assert.Equal(click["trigger_id"]!.GetValue<string>(), opened.Arg("trigger_id"));
        Assert.Equal(ShareWinSubmission.CallbackId, (string?)JsonNode.Parse(opened.Arg("view")!)!["callback_id"]);
    }

    [Fact]
    public async Task HomeTabShareWinButton_NoWinsChannel_ExplainsInAModal()
    {
        await using var bot = await BotHarness.Start();
        var click = BotHarness.ButtonClick("U0ALICE", ShareWinButton.ActionId, "share", "D0HOME", "1700000000.000300");

        await bot.SendInteraction(click);

        var view = JsonNode.Parse(Assert.Single(bot.Slack.Calls("views.open")).Arg("view")!)!;
        Assert.Null(view["callback_id"]);
        Assert.Contains("No wins channel is set up yet", view.ToJsonString());
    }

    [Fact]
    public async Task SlashWin_WithText_OpensTheFormWithTheStoryFilledIn()
    {
        await using var bot = await Start();

        Assert.Null(await bot.SendCommand(ShareWinCommand.Command, "Rebooked the Hendersons' delivery &amp; <@U0BOB> helped", "U0ALICE"));

        var view = JsonNode.Parse(Assert.Single(bot.Slack.Calls("views.open")).Arg("view")!)!;
        var story = view["blocks"]!.AsArray().Single(b => (string?)b!["block_id"] == WinsBlocks.StoryBlock)!;
        Assert.Equal("Rebooked the Hendersons' delivery & @bob helped", (string?)story["element"]!["initial_value"]);
    }
}
