using System.Text.Json.Nodes;

namespace SlackChampionBot.Sandbox.Tests;

/// <summary>
/// The sandbox as a newcomer starts it, through the page's own API (what its buttons call): the real bot answers
/// over Socket Mode, and nothing needs a browser.
/// </summary>
public sealed class SandboxApiTests
{
    private const string Amara = "U0AMARA";
    private const string Ben = "U0BEN";

    [Fact]
    public async Task Sandbox_WithNoSettings_APostedWinGetsTheBotsThreadReplyAndACheerShowsOnTheLeaderboard()
    {
        await using var sandbox = await SandboxProcess.Start();

        await sandbox.Post("api/message", new { @as = Amara, channel = "C0WINS", text = "#win Rescued the Henderson order with @ben by rerouting it overnight" });
        var state = await sandbox.WaitFor(Ben, s => Reply(s) is not null, "the bot's reply in the win's thread");
        var win = SandboxProcess.Messages(state).First(m => (string?)m["user"] == Amara);
        Assert.Equal("#win Rescued the Henderson order with <@U0BEN> by rerouting it overnight", (string?)win["text"]);
        Assert.Contains("Gold star for <@U0AMARA>", (string?)Reply(state)!["text"], StringComparison.Ordinal);
        Assert.Equal((string?)win["ts"], (string?)Reply(state)!["thread_ts"]);

        await sandbox.Post("api/react", new { @as = Ben, channel = "C0WINS", ts = (string?)win["ts"], name = "star" });

        // The cheer is an event the bot handles in the background: ask /leaderboard until it counts (a bounded wait).
        string? answer = null;
        for (var attempt = 1; attempt <= 20 && answer?.Contains("Amara Okafor — 2 gold stars", StringComparison.Ordinal) != true; attempt++)
        {
            await sandbox.Post("api/command", new { @as = Ben, channel = "C0WINS", command = "/leaderboard", text = "" });
            var board = await sandbox.WaitFor(Ben, s => SandboxProcess.Messages(s).Count(m => (bool)m["ephemeral"]!) >= attempt, "/leaderboard's answer");
            answer = SandboxProcess.Messages(board).Last(m => (bool)m["ephemeral"]!).ToJsonString(SandboxProcess.Readable);
        }

        Assert.Contains("Amara Okafor — 2 gold stars", answer, StringComparison.Ordinal);
        Assert.Contains("Ben Carter — 1 gold star", answer, StringComparison.Ordinal);

        // Only Ben sees his ephemeral answer.
        Assert.DoesNotContain(SandboxProcess.Messages(await sandbox.State(Amara)), m => (bool)m["ephemeral"]!);
        Assert.True(File.Exists(Path.Combine(sandbox.Folder, "sandbox.db")));
    }

    [Fact]
    public async Task Sandbox_JumpToFriday_PostsTheWeeklyLeaderboardInTheLeaderboardChannel()
    {
        await using var sandbox = await SandboxProcess.Start();
        await sandbox.Post("api/message", new { @as = Amara, channel = "C0WINS", text = "#win Kept a wedding order on time with @ben and the courier" });
        await sandbox.WaitFor(Amara, s => Reply(s) is not null, "the bot's reply");

        await sandbox.Post("api/time", new { @as = Amara, action = "friday" });

        var state = await sandbox.WaitFor(Amara, s => SandboxProcess.Messages(s).Any(m => (string?)m["channel"] == "C0LEADERBOARD"), "the weekly post");
        Assert.StartsWith("Fri ", state["now"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("16:0", state["now"]!.GetValue<string>(), StringComparison.Ordinal);
        var post = SandboxProcess.Messages(state).First(m => (string?)m["channel"] == "C0LEADERBOARD").ToJsonString(SandboxProcess.Readable);
        Assert.Contains("Amara Okafor", post, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sandbox_DeletingAWinWithAReply_LeavesSlacksTombstoneAndTheBotSaysItsStarsWereReturned()
    {
        await using var sandbox = await SandboxProcess.Start();
        await sandbox.Post("api/message", new { @as = Amara, channel = "C0WINS", text = "#win Talked a customer through a tricky return with @ben" });
        var state = await sandbox.WaitFor(Amara, s => Reply(s) is not null, "the bot's reply");
        var ts = (string?)SandboxProcess.Messages(state).First(m => (string?)m["user"] == Amara)["ts"];

        // Someone else cannot delete it; its author can.
        await sandbox.Post("api/delete", new { @as = Ben, channel = "C0WINS", ts });
        Assert.False((bool)SandboxProcess.Messages(await sandbox.State(Ben)).First(m => (string?)m["ts"] == ts)["tombstone"]!);
        await sandbox.Post("api/delete", new { @as = Amara, channel = "C0WINS", ts });

        var after = await sandbox.WaitFor(Amara, s => Reply(s)?["text"]?.GetValue<string>().Contains("deleted", StringComparison.Ordinal) == true, "the reply rewritten");
        var win = SandboxProcess.Messages(after).First(m => (string?)m["ts"] == ts);
        Assert.True((bool)win["tombstone"]!);
        Assert.Equal("This message was deleted.", (string?)win["text"]);
        Assert.Equal("This win was deleted; its stars were returned.", (string?)Reply(after)!["text"]);
    }

    private static JsonObject? Reply(JsonObject state) =>
        SandboxProcess.Messages(state).FirstOrDefault(m => (string?)m["user"] == "U0BOT" && m["thread_ts"] is not null && (string?)m["channel"] == "C0WINS");
}
