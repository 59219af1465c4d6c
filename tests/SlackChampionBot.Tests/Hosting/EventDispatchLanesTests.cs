using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Slack;
using SlackChampionBot.Tests.Features.Wins;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Hosting;

/// <summary>
/// Issue #14's head-of-line test through the real host, with Slack's pacing on and the fake clock standing still:
/// 500 wins queued in one channel can post only as fast as Slack lets a channel be posted to (three at once, then one a
/// second), so they wait for a clock that never moves; an App Home opening and a cheer on a win in another channel,
/// sent after them, must be handled meanwhile. Measured on the fake clock (no time passes) and by what had run by then.
/// </summary>
public sealed class EventDispatchLanesTests
{
    private const string BusyChannel = "C0WINS";
    private const string QuietChannel = "C0MORE";
    private const string Alice = "U0ALICE";
    private const string Bob = "U0BOB";
    private const string Chen = "U0CHEN";
    private const int Backlog = 500;

    [Fact]
    public async Task Dispatch_500WinsQueuedInOneChannel_AppHomeAndACheerElsewhereAreHandledWithoutWaitingForThem()
    {
        await using var bot = await BotHarness.Start(
            new Dictionary<string, string?> { ["Wins:Channels:0"] = BusyChannel, ["Wins:Channels:1"] = QuietChannel },
            services: s => s.Configure<SlackAdapterOptions>(o => o.Pacing.Enabled = true));
        foreach (var (id, name) in new[] { (Alice, "alice"), (Bob, "bob"), (Chen, "chen") })
        {
            bot.Slack.AddUser(id, name, tz: "Europe/London");
        }

        const string quietWin = "1700000000.000100";
        await bot.SendEventAndWait(WinEvents.Message(QuietChannel, Bob, "#win Bob sorted out a customer's lost parcel in an afternoon", quietWin));
        var started = bot.Time.GetUtcNow();

        for (var i = 0; i < Backlog; i++)
        {
            var response = await bot.SendEvent(WinEvents.Message(BusyChannel, Alice, $"#win number {i}: a customer's refund went through the same day", $"1700000100.{i:D6}"));
            response.EnsureSuccessStatusCode();
        }

        (await bot.SendEvent(new JsonObject { ["type"] = "app_home_opened", ["user"] = Chen, ["channel"] = "D0CHEN", ["tab"] = "home" })).EnsureSuccessStatusCode();
        (await bot.SendEvent(WinEvents.Cheer(QuietChannel, Chen, Bob, quietWin, "1700000200.000100"))).EnsureSuccessStatusCode();

        await bot.Slack.WaitForCalls("views.publish", 1, TimeSpan.FromSeconds(60));
        var cheered = await WaitFor(() => bot.Db(db => db.Set<StarEntry>().AnyAsync(e => e.GiverId == Chen && e.ReceiverId == Bob && e.Reason == StarReason.Cheer)));

        Assert.True(cheered, "the cheer on the win in the other channel was not scored");
        Assert.True(bot.Time.GetUtcNow() - started <= TimeSpan.FromSeconds(2));
        var busyPosts = bot.Slack.Calls("chat.postMessage").Count(c => c.Arg("channel") == BusyChannel);
        Assert.InRange(busyPosts, 1, 20);
    }

    private static async Task<bool> WaitFor(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }
}
