using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SlackChampionBot.Sandbox;
using SlackChampionBot.Features.Pulse;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Features.Pulse;

/// <summary>
/// The DM fan-out through the real host and Web API client against the fake Slack when Slack misbehaves: a storm of
/// 429s (each with Retry-After), a 5xx, and a refusal (ok:false). The host's clock is moved by the test.
/// </summary>
public sealed partial class PulseEndToEndTests
{
    [Fact]
    public async Task SendNow_429StormA5xxAndARefusal_WaitsThemOutWithOneDmEachAndNoConversationsOpen()
    {
        await using var bot = await Start();
        const int storm = 15;
        for (var i = 0; i < storm; i++)
        {
            bot.Slack.Enqueue("chat.postMessage", FakeSlackResponse.RateLimited(2));
        }

        bot.Slack.Enqueue("chat.postMessage", FakeSlackResponse.ServerError(503));
        var refused = People[2];
        bot.Slack.Handle("chat.postMessage", r => r.Arg("channel") == refused ? FakeSlackResponse.Error("user_disabled") : null);

        var answer = await bot.SendCommand(PulseCommand.Command, "send-now", Hr);
        Assert.StartsWith("Opened a pulse", (string?)answer!["text"], StringComparison.Ordinal);
        await DriveUntilFanOutSettled(bot);

        // Every 429 and the 5xx were waited out; each person got exactly one DM, the refused one none and no retry.
        Assert.Equal(storm, bot.Slack.RateLimitedResponses);
        var posts = bot.Slack.Calls("chat.postMessage");
        Assert.Contains(posts, c => c.StatusCode == 503);
        Assert.Empty(bot.Slack.Calls("conversations.open"));
        foreach (var person in People.Where(p => p != refused))
        {
            Assert.Single(posts, c => c.StatusCode == 200 && c.Arg("channel") == person);
        }

        Assert.Single(posts, c => c.StatusCode == 200 && c.Arg("channel") == refused); // ok:false is answered once, never retried
        var deliveries = await bot.Db(db => db.Set<PulseDelivery>().AsNoTracking().ToListAsync());
        Assert.Equal(PulseDeliveryState.Failed, Assert.Single(deliveries, d => d.UserId == refused).State);
        Assert.All(deliveries.Where(d => d.UserId != refused), d =>
        {
            Assert.Equal(PulseDeliveryState.Sent, d.State);
            Assert.Equal(bot.Slack.DmChannelId(d.UserId), d.ChannelId);
            Assert.False(string.IsNullOrEmpty(d.MessageTs));
        });

        // Resumable: another tick finds nothing left to send.
        var before = bot.Slack.Calls("chat.postMessage").Count;
        await Tick(bot);
        Assert.Equal(before, bot.Slack.Calls("chat.postMessage").Count);
    }

    /// <summary>Moves the host's clock in small steps until no delivery is pending or in flight and the fan-out is over.</summary>
    private static async Task DriveUntilFanOutSettled(BotHarness bot)
    {
        var gate = bot.Services.GetRequiredService<PulseFanOutGate>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var unsettled = await bot.Db(db => db.Set<PulseDelivery>().CountAsync(d => d.State != PulseDeliveryState.Sent && d.State != PulseDeliveryState.Failed));
            var any = await bot.Db(db => db.Set<PulseDelivery>().AnyAsync());
            if (any && unsettled == 0 && await gate.TryEnter())
            {
                gate.Exit();
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The fan-out did not settle: {unsettled} delivery row(s) still pending or in flight.");
            bot.Time.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(10);
        }
    }
}
