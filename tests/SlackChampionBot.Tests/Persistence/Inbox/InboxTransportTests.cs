using SlackChampionBot.Slack.Extensions.DependencyInjection;
using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SlackChampionBot.Slack;
using SlackChampionBot.Slack.Events;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Persistence.Inbox;

/// <summary>The transport an event arrived on is stored with it and reaches its handlers, whatever mode the bot runs in.</summary>
public sealed class InboxTransportTests
{
    private static readonly object Message = new { type = "message", channel = "C0WINS", user = "U0ALICE", text = "hello", ts = "1700000000.000100", channel_type = "channel" };

    [Fact]
    public async Task AcceptEvent_HttpMode_StoresHttpAndHandlerSeesIt()
    {
        var seen = new TransportRecorder();
        await using var bot = await BotHarness.Start(services: s => Register(s, seen));

        await bot.SendEventAndWait(Message, "Ev0HTTPMODE");

        Assert.Equal(SlackTransport.Http, Transport(bot, "Ev0HTTPMODE"));
        Assert.Equal(SlackTransport.Http, seen.For("Ev0HTTPMODE"));
    }

    [Fact]
    public async Task AcceptEvent_SocketModeWithSigningSecret_StoresEachEventsOwnTransport()
    {
        var seen = new TransportRecorder();
        await using var bot = await BotHarness.StartSocketMode(new Dictionary<string, string?> { ["Slack:SocketModeConnections"] = "1" }, services: s => Register(s, seen));

        // One event over the socket, one as a signed HTTP request to the same bot (an app moving between transports).
        var envelope = await bot.SocketMode!.SendEnvelope("events_api", JsonNode.Parse(bot.EventCallback(Message, "Ev0SOCKET").ToJsonString())!, false);
        await bot.SocketMode.WaitForAck(envelope, TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, (await bot.SendEvent(Message, "Ev0SIGNEDHTTP")).StatusCode);
        await bot.WaitForEventsProcessed();

        Assert.Equal(SlackTransport.SocketMode, Transport(bot, "Ev0SOCKET"));
        Assert.Equal(SlackTransport.Http, Transport(bot, "Ev0SIGNEDHTTP"));
        Assert.Equal(SlackTransport.SocketMode, seen.For("Ev0SOCKET"));
        Assert.Equal(SlackTransport.Http, seen.For("Ev0SIGNEDHTTP"));
    }

    /// <summary>The stored value, read with SQL (the column, not what the code thinks it wrote).</summary>
    private static string Transport(BotHarness bot, string eventId)
    {
        using var connection = new SqliteConnection($"Data Source={bot.DatabasePath};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT transport FROM slack_event_inbox WHERE event_id = $id";
        command.Parameters.AddWithValue("$id", eventId);
        return (string)command.ExecuteScalar()!;
    }

    private static void Register(IServiceCollection services, TransportRecorder recorder)
    {
        services.AddSingleton(recorder);
        services.AddSlackNet(c => c.RegisterEventHandler<MessageEvent, TransportHandler>());
    }

    internal sealed class TransportRecorder
    {
        private readonly ConcurrentDictionary<string, string> _byEvent = new(StringComparer.Ordinal);

        public void Add(string eventId, string transport) => _byEvent[eventId] = transport;

        public string? For(string eventId) => _byEvent.GetValueOrDefault(eventId);
    }

    internal sealed class TransportHandler(TransportRecorder recorder, SlackRequestContext context) : IEventHandler<MessageEvent>
    {
        public Task Handle(MessageEvent slackEvent)
        {
            if (slackEvent.Channel == "C0WINS" && context.EventId is { } eventId)
            {
                recorder.Add(eventId, context.Transport);
            }

            return Task.CompletedTask;
        }
    }
}
