using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SlackChampionBot.Sandbox;
using SlackChampionBot.TestSupport;
using SlackChampionBot.Persistence.Inbox;
using SlackChampionBot.Slack;
using SlackChampionBot.Slack.Blocks;
using SlackChampionBot.Slack.Events;
using SlackChampionBot.Slack.Interaction;
using SlackChampionBot.Slack.WebApi;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Hosting;

/// <summary>The Slack adapter inside the real host, driven the way Slack drives it.</summary>
public sealed class SlackAdapterHostTests
{
    private static readonly object Message = new { type = "message", channel = "C0WINS", user = "U0ALICE", text = "hello", ts = "1700000000.000100", event_ts = "1700000000.000100", channel_type = "channel" };

    [Fact]
    public async Task UrlVerification_Signed_AnswersTheChallenge()
    {
        await using var bot = await BotHarness.Start(services: Register);

        var response = await bot.PostSigned("/slack/event", """{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV","type":"url_verification"}""", "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("3eZbrw1aBm2rZgRNFdxV", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Event_DeliveredThreeTimes_IsStoredOnceAndDispatchedOnce()
    {
        var recorder = new Recorder();
        await using var bot = await BotHarness.Start(services: s => Register(s, recorder));

        Assert.Equal(HttpStatusCode.OK, (await bot.SendEvent(Message, "Ev0THREE")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bot.SendEvent(Message, "Ev0THREE", retryNum: 1)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bot.SendEvent(Message, "Ev0THREE", retryNum: 2)).StatusCode);
        await bot.WaitForEventsProcessed();

        Assert.Equal(1, await bot.Db(db => db.Set<SlackEventInboxEntry>().CountAsync(e => e.EventId == "Ev0THREE")));
        Assert.Equal(["message:hello:" + BotHarness.TeamId + ":Ev0THREE"], recorder.Events);
    }

    [Fact]
    public async Task Requests_ForgedStaleOrOversized_AreRefusedWithNothingStored()
    {
        var recorder = new Recorder();
        await using var bot = await BotHarness.Start(services: s => Register(s, recorder));
        var body = bot.EventCallback(Message, "Ev0REFUSED").ToJsonString();

        var forged = await bot.PostSigned("/slack/event", body, "application/json", signature: "v0=" + new string('a', 64));
        var stale = await bot.PostSigned("/slack/event", body, "application/json", timestamp: bot.Time.GetUtcNow().AddMinutes(-6).ToUnixTimeSeconds());
        var future = await bot.PostSigned("/slack/event", body, "application/json", timestamp: bot.Time.GetUtcNow().AddMinutes(6).ToUnixTimeSeconds());
        var oversized = await bot.PostSigned("/slack/event", body.Replace("hello", new string('x', 1024 * 1024), StringComparison.Ordinal), "application/json");
        var malformed = await bot.PostSigned("/slack/event", "{\"type\":\"event_callback\",", "application/json");

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, future.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversized.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(0, await bot.Db(db => db.Set<SlackEventInboxEntry>().CountAsync()));
        Assert.Empty(recorder.Events);
    }

    [Fact]
    public async Task SlashCommand_IsAnsweredInTheResponse_AndEchoedTextIsEscaped()
    {
        // How fast answers come (Slack's 3 s deadline) is measured by the load harness (tests/SlackChampionBot.LoadTests,
        // p50/p99 under load), not by a stopwatch here: a cold JIT on a busy machine is not a bug.
        await using var bot = await BotHarness.Start(services: Register);

        var answer = await bot.SendCommand(EchoCommand.Command, "look <!channel> &lt;b&gt; & <@U0BOB|bob>", "U0ALICE");

        Assert.Equal("ephemeral", (string?)answer!["response_type"]);
        var posted = Assert.Single(bot.Slack.Calls("chat.postMessage"));
        Assert.Equal("look &lt;!channel&gt; &lt;b&gt; &amp; &lt;@U0BOB|bob&gt;", posted.Arg("text"));
        Assert.DoesNotContain("<!channel>", posted.Body);
    }

    [Fact]
    public async Task BlockAction_IsHandledBeforeTheAnswer()
    {
        // Latency against Slack's 3 s deadline: see the load harness, as above.
        var recorder = new Recorder();
        await using var bot = await BotHarness.Start(services: s => Register(s, recorder));

        var answer = await bot.SendInteraction(BotHarness.ButtonClick("U0ALICE", RecordingButton.ActionId, "42", "C0WINS", "1700000000.000200"));

        Assert.Null(answer);
        Assert.Equal(["button:42:U0ALICE"], recorder.Events);
    }

    [Fact]
    public async Task SocketMode_EventSurvivesRefreshAndDroppedConnection()
    {
        var recorder = new Recorder();
        await using var bot = await BotHarness.StartSocketMode(new Dictionary<string, string?> { ["Slack:SigningSecret"] = null }, services: s => Register(s, recorder));
        var server = bot.SocketMode!;
        var first = await server.WaitForConnection(1, TimeSpan.FromSeconds(10));

        // refresh_requested: the bot opens a new connection before closing the old one; an envelope sent
        // right after the disconnect message (to the old connection) is still acknowledged and processed.
        await server.SendDisconnect("refresh_requested", first);
        var during = await server.SendEnvelope("events_api", JsonNode.Parse(bot.EventCallback(new { type = "message", channel = "C0WINS", user = "U0ALICE", text = "during refresh", ts = "1.1" }, "Ev0REFRESH").ToJsonString())!, false, first);
        await server.WaitForAck(during, TimeSpan.FromSeconds(10));
        var replacement = await server.WaitForConnection(3, TimeSpan.FromSeconds(10));
        Assert.True(replacement.HelloSent);

        // A dropped connection (no close frame): after a backoff on the bot's clock it reconnects, and the event
        // Slack redelivers on the new connection is processed once.
        server.DropConnection(replacement);
        for (var i = 0; i < 200 && server.Connections.Count < 4; i++)
        {
            bot.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(25);
        }

        var reconnected = await server.WaitForConnection(4, TimeSpan.FromSeconds(10));
        var after = await server.SendEnvelope("events_api", JsonNode.Parse(bot.EventCallback(new { type = "message", channel = "C0WINS", user = "U0ALICE", text = "after drop", ts = "1.2" }, "Ev0DROPPED").ToJsonString())!, false, reconnected);
        await server.WaitForAck(after, TimeSpan.FromSeconds(10));
        await bot.WaitForEventsProcessed();

        Assert.Equal(
            ["message:during refresh:" + BotHarness.TeamId + ":Ev0REFRESH", "message:after drop:" + BotHarness.TeamId + ":Ev0DROPPED"],
            recorder.Events);
        Assert.Equal(2, await bot.Db(db => db.Set<SlackEventInboxEntry>().CountAsync()));
    }

    [Fact]
    public async Task WebApi_RateLimitedWithRetryAfter2_IsWaitedOutAndSucceeds()
    {
        await using var bot = await BotHarness.Start(services: Register);
        var slack = bot.Services.GetRequiredService<ISlackApiClient>();
        bot.Slack.Enqueue("chat.postMessage", FakeSlackResponse.RateLimited(2));

        var post = slack.Chat.PostMessage(new Message { Channel = "C0WINS", Text = "hi" });
        await bot.Slack.WaitForCalls("chat.postMessage", 1, TimeSpan.FromSeconds(10));
        // Not retried at once: the client sleeps on the bot's clock for Retry-After (2 s) plus jitter (at most 0.5 s).
        var pause = await bot.Time.WaitForTimer(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.5));
        Assert.False(post.IsCompleted);
        Assert.Single(bot.Slack.Calls("chat.postMessage"));

        bot.Time.Advance(TimeSpan.FromSeconds(3));
        Assert.False(bot.Time.IsPending(pause));
        var result = await post.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.NotNull(result.Ts);
        var calls = bot.Slack.Calls("chat.postMessage");
        Assert.Equal([429, 200], calls.Select(c => c.StatusCode));
    }

    [Fact]
    public async Task WebApi_OkFalse_SurfacesAsSlackException()
    {
        await using var bot = await BotHarness.Start(services: Register);
        var slack = bot.Services.GetRequiredService<ISlackApiClient>();
        bot.Slack.Enqueue("chat.postMessage", FakeSlackResponse.Error("channel_not_found"));

        var error = await Assert.ThrowsAsync<SlackException>(() => slack.Chat.PostMessage(new Message { Channel = "C0GONE", Text = "hi" }));

        Assert.Equal("channel_not_found", error.ErrorCode);
        Assert.Single(bot.Slack.Calls("chat.postMessage"));
    }

    private static void Register(IServiceCollection services) => Register(services, new Recorder());

    private static void Register(IServiceCollection services, Recorder recorder)
    {
        services.AddSingleton(recorder);
        services.AddSlackNet(c => c
            .RegisterEventHandler<MessageEvent, RecordingMessageHandler>()
            .RegisterSlashCommandHandler<EchoCommand>(EchoCommand.Command)
            .RegisterBlockActionHandler<ButtonAction, RecordingButton>(RecordingButton.ActionId));
    }

    internal sealed class Recorder
    {
        private readonly ConcurrentQueue<string> _events = new();

        public IReadOnlyList<string> Events => [.. _events];

        public void Add(string value) => _events.Enqueue(value);
    }

    internal sealed class RecordingMessageHandler(Recorder recorder, SlackRequestContext context) : IEventHandler<MessageEvent>
    {
        public Task Handle(MessageEvent slackEvent)
        {
            if (slackEvent.Channel == "C0WINS")
            {
                recorder.Add($"message:{slackEvent.Text}:{context.TeamId}:{context.EventId}");
            }

            return Task.CompletedTask;
        }
    }

    internal sealed class EchoCommand(ISlackApiClient slack) : ISlashCommandHandler
    {
        public const string Command = "/echo-test";

        public async Task<SlashCommandResponse> Handle(SlashCommand command)
        {
            await slack.Chat.PostMessage(new Message { Channel = command.ChannelId, Text = Mrkdwn.EscapeInbound(command.Text) });
            return SlashCommandResponse.Ephemeral("Echoed.");
        }
    }

    internal sealed class RecordingButton(Recorder recorder) : IBlockActionHandler<ButtonAction>
    {
        public const string ActionId = "test_button";

        public Task Handle(ButtonAction action, BlockActionRequest request)
        {
            recorder.Add($"button:{action.Value}:{request.User.Id}");
            return Task.CompletedTask;
        }
    }
}
