using System.Text.Json.Nodes;
using SlackChampionBot.Features.Leaderboards;
using SlackChampionBot.Tests.Features.Wins;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Features.Leaderboards;

/// <summary>
/// A win's own words, quoted back through the real host: mentions stay people (never raw codes), nobody is pinged by a
/// public post, and <c>&lt;!channel&gt;</c>, <c>&lt;!here&gt;</c>, user group mentions and links are neutralised.
/// </summary>
public sealed class QuotedWinsEndToEndTests
{
    private const string WinsChannel = "C0WINS";
    private const string LeaderboardChannel = "C0BOARD";
    private const string Alice = "U0ALICE";
    private const string Bob = "U0BOB";
    private const string Chen = "U0CHEN";
    private const string WinTs = "1700000000.000100";

    /// <summary>As Slack sends it: a real mention, a broadcast, a user group, a labelled link and typed angle brackets.</summary>
    private const string WinText = "#win Thanks <@U0BOB> for the <https://evil.example/refund|refund> &lt;3 <!channel> <!subteam^S0SUPPORT|@support> <!here>";

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private static async Task<BotHarness> Start()
    {
        var bot = await BotHarness.Start(new Dictionary<string, string?>
        {
            ["Wins:Channels:0"] = WinsChannel,
            ["Leaderboards:Channel"] = LeaderboardChannel,
        });
        bot.Slack.AddUser(Alice, "alice", tz: "Europe/London", displayName: "Alice Poster");
        bot.Slack.AddUser(Bob, "bob", tz: "Europe/London", displayName: "Bob Helper");
        bot.Slack.AddUser(Chen, "chen", tz: "Europe/London", displayName: "Chen Cheer");
        await bot.SendEventAndWait(WinEvents.Message(WinsChannel, Alice, WinText, WinTs));
        await bot.SendEventAndWait(WinEvents.Cheer(WinsChannel, Chen, Alice, WinTs, "1700000001.000100"));
        return bot;
    }

    /// <summary>Nothing of the quote may mention a group, broadcast, hide a link or show Slack's codes.</summary>
    private static void AssertNeutralised(string shown)
    {
        Assert.DoesNotContain("<!channel>", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("<!here>", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("<!subteam", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("<https://evil.example", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("&lt;@", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("&amp;lt;", shown, StringComparison.Ordinal);
        Assert.Contains("refund", shown, StringComparison.Ordinal);
        Assert.Contains("&lt;3", shown, StringComparison.Ordinal);
    }

    /// <summary>A private answer (nobody can be notified) shows the colleague as a real mention.</summary>
    private static void AssertPrivateQuote(string shown)
    {
        var line = Assert.Single(shown.Split('\n'), l => l.Contains("Thanks", StringComparison.Ordinal));
        Assert.Contains($"Thanks <@{Bob}> for the refund", line, StringComparison.Ordinal);
        AssertNeutralised(line);
    }

    [Fact]
    public async Task Stars_RecentWin_ShowsTheMentionAsAPersonNotACode()
    {
        await using var bot = await Start();

        var shown = SlackTexts.Of(await bot.SendCommand("/stars", "", Alice));

        AssertPrivateQuote(shown);
    }

    [Fact]
    public async Task AppHome_RecentWin_ShowsTheMentionAsAPersonNotACode()
    {
        await using var bot = await Start();

        await bot.SendEventAndWait(new JsonObject { ["type"] = "app_home_opened", ["user"] = Alice, ["channel"] = "D0ALICE", ["tab"] = "home" });

        var view = SlackTexts.Of(JsonNode.Parse(Assert.Single(await bot.Slack.WaitForCalls("views.publish", 1, Wait)).Arg("view")!));
        AssertPrivateQuote(view);
    }

    [Fact]
    public async Task WeeklyPost_WinOfTheWeek_QuotesThePostersWordsWithNamesAndPingsNobody()
    {
        await using var bot = await Start();
        bot.Time.SetUtcNow(new DateTimeOffset(2026, 11, 27, 16, 0, 5, TimeSpan.Zero));

        await bot.InScope<WeeklyLeaderboardJob, bool>(async job =>
        {
            await job.Run(CancellationToken.None);
            return true;
        });

        var post = Assert.Single(bot.Slack.Calls("chat.postMessage"), p => p.Arg("channel") == LeaderboardChannel);
        var sections = JsonNode.Parse(post.Arg("blocks")!)!.AsArray().Select(b => (string?)b?["text"]?["text"] ?? string.Empty);
        var quote = Assert.Single(sections, t => t.Contains("Win of the week", StringComparison.Ordinal));
        Assert.Contains("> #win Thanks @Bob Helper for the refund", quote, StringComparison.Ordinal);
        Assert.DoesNotContain("<@", quote, StringComparison.Ordinal);
        AssertNeutralised(quote);
    }
}
