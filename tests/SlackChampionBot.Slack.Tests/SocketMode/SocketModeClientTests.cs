using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using SlackChampionBot.Sandbox;
using SlackChampionBot.TestSupport;
using SlackChampionBot.Slack.Interaction;

namespace SlackChampionBot.Slack.Tests.SocketMode;

public sealed class SocketModeClientTests
{
    private static readonly JsonObject EventCallback = JsonNode.Parse(
        """{"token":"verification-token","team_id":"T111","api_app_id":"A111","event":{"type":"app_mention","text":"<@U111>","user":"U222","ts":"1610241741.000200","channel":"C111","event_ts":"1610241741.000200"},"type":"event_callback","event_id":"Ev111","event_time":1610241741}""")!.AsObject();

    private static readonly JsonObject SlashPayload = JsonNode.Parse(
        """{"token":"t","team_id":"T123","team_domain":"maria","channel_id":"C123","channel_name":"general","user_id":"U123","user_name":"rainer","command":"/win","text":"shipped <@U9|bob>","response_url":"https://example.invalid/r","trigger_id":"1.2.3","api_app_id":"A1","is_enterprise_install":"false"}""")!.AsObject();

    [Fact]
    public async Task StartAsync_TwoConnections_BothSayHelloWithFreshUrls()
    {
        await using var h = await SocketModeHarness.Create(connections: 2);
        await h.Start();

        var second = await h.Server.WaitForConnection(2);
        await FakeSocketModeServer.WaitUntil(() => h.Status.ConnectedSockets == 2);

        Assert.Equal(2, h.Server.OpenCalls);
        Assert.NotEqual(h.Server.Connections[0].Ticket, second.Ticket);
        Assert.True(h.Status.IsConnected);
        Assert.True(h.Status.IsHealthy);
        Assert.False(h.Status.IsFatal);
    }

    [Fact]
    public async Task EventsApi_AckSentOnlyAfterAcceptEventCompleted()
    {
        await using var h = await SocketModeHarness.Create(connections: 1);
        h.Dispatcher.EventGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await h.Start();
        await h.Server.WaitForConnection(1);

        var id = await h.Server.SendEnvelope("events_api", EventCallback, acceptsResponsePayload: false, retryAttempt: 2);
        await FakeSocketModeServer.WaitUntil(() => !h.Dispatcher.Events.IsEmpty);
        Assert.Empty(h.Server.Acks);

        h.Dispatcher.EventGate.SetResult();
        var ack = await h.Server.WaitForAck(id);

        Assert.Equal(1, h.Dispatcher.CompletedEvents);
        Assert.Equal(id, ack.GetProperty("envelope_id").GetString());
        Assert.False(ack.TryGetProperty("payload", out _));
        var (body, retry, transport) = Assert.Single(h.Dispatcher.Events);
        Assert.Equal(2, retry);
        Assert.Equal("socket_mode", transport);
        Assert.True(JsonNode.DeepEquals(EventCallback, JsonNode.Parse(body)));
    }

    [Fact]
    public async Task EventsApi_AcceptEventThrows_NotAcked()
    {
        await using var h = await SocketModeHarness.Create(connections: 1);
        h.Dispatcher.EventFailure = new InvalidOperationException("database is locked");
        await h.Start();
        await h.Server.WaitForConnection(1);

        var failed = await h.Server.SendEnvelope("events_api", EventCallback, acceptsResponsePayload: false);
        await FakeSocketModeServer.WaitUntil(() => h.Dispatcher.Events.Count == 1);
        h.Dispatcher.EventFailure = null;
        var redelivered = await h.Server.SendEnvelope("events_api", EventCallback, acceptsResponsePayload: false, retryAttempt: 1);
        await h.Server.WaitForAck(redelivered);

        Assert.DoesNotContain(h.Server.Acks, a => a.EnvelopeId == failed);
        Assert.Equal(1, h.Dispatcher.CompletedEvents);
    }

    [Fact]
    public async Task EventsApi_SlowEnvelope_DoesNotBlockLaterOnesOnTheSameSocket()
    {
        await using var h = await SocketModeHarness.Create(connections: 1);
        await h.Start();
        var connection = await h.Server.WaitForConnection(1);
        h.Dispatcher.EventGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = await h.Server.SendEnvelope("events_api", EventCallback, acceptsResponsePayload: false, connection);
        await FakeSocketModeServer.WaitUntil(() => h.Dispatcher.Events.Count == 1);

        h.Dispatcher.CommandResponse = SlashCommandResponse.Ephemeral("ok");
        var fast = await h.Server.SendEnvelope("slash_commands", SlashPayload, acceptsResponsePayload: true, connection);
        await h.Server.WaitForAck(fast);
        Assert.DoesNotContain(h.Server.Acks, a => a.EnvelopeId == slow);

        h.Dispatcher.EventGate.SetResult();
        await h.Server.WaitForAck(slow);
    }

    [Fact]
    public async Task SlashCommand_AckCarriesResponsePayload()
    {
        await using var h = await SocketModeHarness.Create(connections: 1);
        h.Dispatcher.CommandResponse = SlashCommandResponse.Ephemeral("ok");
        await h.Start();
        await h.Server.WaitForConnection(1);

        var id = await h.Server.SendEnvelope("slash_commands", SlashPayload, acceptsResponsePayload: true);
        var ack = await h.Server.WaitForAck(id);

        var payload = ack.GetProperty("payload");
        Assert.Equal("ephemeral", payload.GetProperty("response_type").GetString());
        Assert.Equal("ok", payload.GetProperty("text").GetString());
        var command = Assert.Single(h.Dispatcher.Commands);
        Assert.Equal("/win", command.Command);
        Assert.Equal("U123", command.UserId);
        Assert.Equal("C123", command.ChannelId);
        Assert.Equal("shipped <@U9|bob>", command.Text);
        Assert.Equal("1.2.3", command.TriggerId);
    }

    [Fact]
    public async Task SlashCommand_NoResponse_AckWithoutPayload()
    {
        await using var h = await SocketModeHarness.Create(connections: 1);
        h.Dispatcher.CommandResponse = SlashCommandResponse.None;
        await h.Start();
        await h.Server.WaitForConnection(1);

        var id = await h.Server.SendEnvelope("slash_commands", SlashPayload, acceptsResponsePayload: true);
        var ack = await h.Server.WaitForAck(id);

        Assert.False(ack.TryGetProperty("payload", out _));
    }

    [Fact]
    public async Task Interactive_AckCarriesHandlerResult()
    {
        await using var h = await SocketModeHarness.Create(connections: 1);
        h.Dispatcher.InteractionResult = new JsonObject { ["response_action"] = "errors", ["errors"] = new JsonObject { ["block_1"] = "Too long" } };
        await h.Start();
        await h.Server.WaitForConnection(1);

        var payload = new JsonObject { ["type"] = "view_submission", ["user"] = new JsonObject { ["id"] = "U1" }, ["view"] = new JsonObject { ["id"] = "V1", ["callback_id"] = "win_modal" } };
        var id = await h.Server.SendEnvelope("interactive", payload, acceptsResponsePayload: true);
        var ack = await h.Server.WaitForAck(id);

        Assert.Equal("errors", ack.GetProperty("payload").GetProperty("response_action").GetString());
        Assert.Equal("Too long", ack.GetProperty("payload").GetProperty("errors").GetProperty("block_1").GetString());
        Assert.Equal("win_modal", Assert.Single(h.Dispatcher.Interactions).GetProperty("view").GetProperty("callback_id").GetString());
    }

    [Fact]
    public async Task Interactive_NullResult_AckWithoutPayload()
    {
        await using var h = await SocketModeHarness.Create(connections: 1);
        await h.Start();
        await h.Server.WaitForConnection(1);

        var id = await h.Server.SendEnvelope("interactive", new JsonObject { ["type"] = "block_actions" }, acceptsResponsePayload: false);
        var ack = await h.Server.WaitForAck(id);

        Assert.False(ack.TryGetProperty("payload", out _));
        Assert.Single(h.Dispatcher.Interactions);
    }

    [Fact]
    public async Task Envelope_AckedOnTheSocketThatDeliveredIt()
    {
        await using var h = await SocketModeHarness.Create(connections: 2);
        await h.Start();
        var first = await h.Server.WaitForConnection(1);
        var second = await h.Server.WaitForConnection(2);

        var onSecond = await h.Server.SendEnvelope("events_api", EventCallback, false, second);
        var onFirst = await h.Server.SendEnvelope("events_api", EventCallback, false, first);
        await h.Server.WaitForAck(onSecond);
        await h.Server.WaitForAck(onFirst);

        Assert.Equal(second.Ticket, h.Server.Acks.Single(a => a.EnvelopeId == onSecond).ConnectionTicket);
        Assert.Equal(first.Ticket, h.Server.Acks.Single(a => a.EnvelopeId == onFirst).ConnectionTicket);
    }

    [Theory]
    [InlineData("refresh_requested")]
    [InlineData("warning")]
    [InlineData("too_many_websockets")]
    public async Task Disconnect_Refresh_OpensReplacementBeforeClosingOldAndLosesNothing(string reason)
    {
        await using var h = await SocketModeHarness.Create(connections: 1);
        await h.Start();
        var old = await h.Server.WaitForConnection(1);
        h.Dispatcher.EventGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inFlight = await h.Server.SendEnvelope("events_api", EventCallback, false, old);
        await FakeSocketModeServer.WaitUntil(() => h.Dispatcher.Events.Count == 1);

        await h.Server.SendDisconnect(reason, old);
        var duringSwitch = await h.Server.SendEnvelope("events_api", EventCallback, false, old);
        var replacement = await h.Server.WaitForConnection(2);

        Assert.False(old.Closed.IsCompleted, "the old socket closed before the replacement said hello");
        h.Dispatcher.EventGate.SetResult();
        await h.Server.WaitForAck(inFlight);
        await h.Server.WaitForAck(duringSwitch);
        await old.Closed.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.All(h.Server.Acks, a => Assert.Equal(old.Ticket, a.ConnectionTicket));
        Assert.True(old.ClosedByClient);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, old.ClientCloseStatus);
        Assert.Equal(2, h.Server.OpenCalls);

        var after = await h.Server.SendEnvelope("events_api", EventCallback, false, replacement);
        await h.Server.WaitForAck(after);
        await FakeSocketModeServer.WaitUntil(() => h.Status.ConnectedSockets == 1);
    }

    [Fact]
    public async Task DroppedConnection_ReconnectsAndProcessesLaterEnvelopes()
    {
        await using var h = await SocketModeHarness.Create(connections: 1);
        await h.Start();

        // The connection the client uses: on a loaded machine its first attempt can fail mid-handshake (the log says
        // "could not connect") after the fake counted it, so "connection 1" is not necessarily the live one.
        await FakeSocketModeServer.WaitUntil(() => h.Status.ConnectedSockets == 1 && h.Server.OpenConnections.Count == 1);
        var first = h.Server.OpenConnections.Single();
        var opensBefore = h.Server.OpenCalls;

        h.Server.DropConnection(first);
        await FakeSocketModeServer.WaitUntil(() => h.Server.OpenConnections.Any(c => c.Ticket > first.Ticket));
        var second = h.Server.OpenConnections.Last(c => c.Ticket > first.Ticket);
        var id = await h.Server.SendEnvelope("events_api", EventCallback, false, second);
        await h.Server.WaitForAck(id);

        // It opened a new connection after the drop and said why. Not "exactly two opens" nor "the last error is the
        // drop": a reconnect attempt can itself fail once under load, which adds an open and becomes the status's last
        // error; the log keeps the drop (both failed loaded runs).
        Assert.True(h.Server.OpenCalls > opensBefore, $"{h.Server.OpenCalls} apps.connections.open call(s), {opensBefore} before the drop");
        Assert.False(first.ClosedByClient);
        Assert.Contains(h.Logs.Entries, e => e.EventId.Id == 2307);
        Assert.NotNull(h.Status.LastError);
        await FakeSocketModeServer.WaitUntil(() => h.Status.ConnectedSockets == 1);
    }

    [Fact]
    public async Task OpenFails_TransientError_RetriedUntilItWorks()
    {
        await using var h = await SocketModeHarness.Create(connections: 1);
        h.Server.OpenError = "internal_error";
        await h.Start();

        await FakeSocketModeServer.WaitUntil(() => h.Server.OpenCalls >= 3);
        Assert.Contains("internal_error", h.Status.LastError);
        Assert.False(h.Status.IsFatal);
        h.Server.OpenError = null;

        await h.Server.WaitForConnection(1);
        await FakeSocketModeServer.WaitUntil(() => h.Status.IsConnected);
    }

    [Theory]
    [InlineData("invalid_auth")]
    [InlineData("not_authed")]
    [InlineData("account_inactive")]
    public async Task OpenFails_AuthError_IsFatalWithoutRetry(string error)
    {
        await using var h = await SocketModeHarness.Create(connections: 1);
        h.Server.OpenError = error;
        await h.Start();

        await FakeSocketModeServer.WaitUntil(() => h.Status.IsFatal);
        await h.Stop();

        Assert.Equal(1, h.Server.OpenCalls);
        Assert.Contains(error, h.Status.LastError);
        Assert.False(h.Status.IsHealthy);
        Assert.Empty(h.Server.Connections);
    }

    [Fact]
    public async Task LinkDisabled_StopsReconnectingAndReportsFatal()
    {
        await using var h = await SocketModeHarness.Create(connections: 2);
        await h.Start();
        var first = await h.Server.WaitForConnection(1);
        var second = await h.Server.WaitForConnection(2);

        await h.Server.SendDisconnect("link_disabled", first);
        await FakeSocketModeServer.WaitUntil(() => h.Status.IsFatal);
        await h.Stop();

        Assert.Equal(2, h.Server.OpenCalls);
        Assert.Contains("link_disabled", h.Status.LastError);
        Assert.True(first.Closed.IsCompleted);
        Assert.True(second.Closed.IsCompleted);
        Assert.Equal(0, h.Status.ConnectedSockets);
        Assert.False(h.Status.IsHealthy);
    }

    [Fact]
    public async Task StopAsync_WaitsForInFlightAckThenClosesWith1000()
    {
        await using var h = await SocketModeHarness.Create(connections: 1);
        await h.Start();
        var connection = await h.Server.WaitForConnection(1);
        h.Dispatcher.EventGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var id = await h.Server.SendEnvelope("events_api", EventCallback, false, connection);
        await FakeSocketModeServer.WaitUntil(() => h.Dispatcher.Events.Count == 1);

        var stopping = h.Stop();
        Assert.False(connection.Closed.IsCompleted);
        h.Dispatcher.EventGate.SetResult();
        await stopping;

        var ack = Assert.Single(h.Server.Acks);
        Assert.Equal(id, ack.EnvelopeId);
        await connection.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(connection.ClosedByClient);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, connection.ClientCloseStatus);
        Assert.Equal(0, h.Status.ConnectedSockets);
    }

    [Fact]
    public async Task Watchdog_SilentConnection_Reconnects()
    {
        await using var h = await SocketModeHarness.Create(connections: 1, o =>
        {
            o.KeepAliveInterval = TimeSpan.Zero;
            o.WatchdogTimeout = TimeSpan.FromMilliseconds(300);
        });
        await h.Start();
        var first = await h.Server.WaitForConnection(1);

        await h.Server.WaitForConnection(2);
        await first.Closed.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Contains("watchdog", h.Status.LastError);
    }

    [Fact]
    public async Task KeepAlive_ClientSendsPings()
    {
        await using var h = await SocketModeHarness.Create(connections: 1, o =>
        {
            o.KeepAliveInterval = TimeSpan.FromMilliseconds(100);
            o.KeepAliveTimeout = TimeSpan.FromSeconds(5);
        });
        await h.Start();
        var connection = await h.Server.WaitForConnection(1);

        await FakeSocketModeServer.WaitUntil(() => connection.PingCount >= 2);
        Assert.Equal(1, h.Server.OpenCalls);
    }

    [Fact]
    public async Task StartAsync_SocketModeOff_DoesNotConnect()
    {
        await using var h = await SocketModeHarness.Create(connections: 2, useSocketMode: false);
        await h.Start();
        await h.Stop();

        Assert.Equal(0, h.Server.OpenCalls);
        Assert.False(h.Status.Enabled);
        Assert.False(h.Status.IsHealthy);
    }
}
