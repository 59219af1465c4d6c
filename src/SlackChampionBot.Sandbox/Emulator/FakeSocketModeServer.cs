using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SlackChampionBot.Sandbox;

/// <summary>One acknowledgement the fake received: which envelope, on which connection, and the whole message.</summary>
public sealed record FakeSocketModeAck(string EnvelopeId, int ConnectionTicket, JsonElement Message)
{
    /// <summary>The ack's <c>payload</c>, or null when it had none (or an empty object).</summary>
    public JsonElement? Payload =>
        Message.TryGetProperty("payload", out var p) && p.ValueKind == JsonValueKind.Object && p.EnumerateObject().Any() ? p : null;
}

/// <summary>
/// A loopback fake of Slack's Socket Mode: <c>POST /api/apps.connections.open</c> (Bearer <c>xapp-…</c>) hands out
/// single-use <c>ws://127.0.0.1:port/link/?ticket=N</c> URLs; the WebSocket endpoint says <c>hello</c>, records
/// connections, acknowledgements and client PINGs, and lets a test send envelopes and <c>disconnect</c> messages or
/// drop a connection without a close frame.
/// </summary>
public sealed class FakeSocketModeServer : IAsyncDisposable
{
    private const string WebSocketGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<int, bool> _issuedTickets = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _ackWaiters = new(StringComparer.Ordinal);
    private readonly List<FakeSocketConnection> _connections = [];
    private readonly List<FakeSocketModeAck> _acks = [];
    private readonly Lock _lock = new();
    private int _nextTicket;
    private int _openCalls;
    private int _nextEnvelope;

    private FakeSocketModeServer(WebApplication app) => _app = app;

    /// <summary><c>http://127.0.0.1:port/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary><c>http://127.0.0.1:port/api/</c>: what a client's Slack API base URL should be.</summary>
    public Uri ApiUrl => new(BaseUrl, "api/");

    /// <summary>When set, apps.connections.open answers <c>{"ok":false,"error":…}</c> with it (e.g. <c>invalid_auth</c>).</summary>
    public string? OpenError { get; set; }

    /// <summary>Whether a new connection gets <c>hello</c> (default true); turn off to test a client's hello timeout.</summary>
    public bool SendHello { get; set; } = true;

    /// <summary>WebSocket PING interval of the server side (default off); Slack's real server pings.</summary>
    public TimeSpan ServerKeepAliveInterval { get; set; } = TimeSpan.Zero;

    /// <summary>How many times apps.connections.open was called (including refused calls).</summary>
    public int OpenCalls => Volatile.Read(ref _openCalls);

    /// <summary>Every WebSocket connection ever accepted, in order.</summary>
    public IReadOnlyList<FakeSocketConnection> Connections
    {
        get
        {
            lock (_lock)
            {
                return [.. _connections];
            }
        }
    }

    /// <summary>Connections that said hello and are not closed.</summary>
    public IReadOnlyList<FakeSocketConnection> OpenConnections => Connections.Where(c => c.IsOpen).ToList();

    /// <summary>Every acknowledgement received, in order.</summary>
    public IReadOnlyList<FakeSocketModeAck> Acks
    {
        get
        {
            lock (_lock)
            {
                return [.. _acks];
            }
        }
    }

    /// <summary>Client PING frames over all connections.</summary>
    public int PingCount => Connections.Sum(c => c.PingCount);

    public static async Task<FakeSocketModeServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeSocketModeServer(app);
        app.MapPost("/api/apps.connections.open", server.HandleOpen);
        app.Map("/link", server.HandleLink);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.BaseUrl = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <summary>Mints a single-use WebSocket URL, as apps.connections.open does; for a Web API fake that serves that method itself.</summary>
    public string NextConnectionUrl()
    {
        var ticket = Interlocked.Increment(ref _nextTicket);
        _issuedTickets[ticket] = false;
        return $"ws://{BaseUrl.Authority}/link/?ticket={ticket}";
    }

    /// <summary>Waits until at least <paramref name="count"/> connections have been accepted and returns the last of those.</summary>
    public async Task<FakeSocketConnection> WaitForConnection(int count, TimeSpan? timeout = null)
    {
        await WaitUntil(() => Connections.Count >= count && Connections[count - 1].HelloSent, timeout);
        return Connections[count - 1];
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; throws <see cref="TimeoutException"/> after <paramref name="timeout"/> (default 10 s).</summary>
    public static async Task WaitUntil(Func<bool> condition, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            try
            {
                await Task.Delay(10, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("The condition did not hold in time.");
            }
        }
    }

    /// <summary>
    /// Sends an envelope <c>{"envelope_id","type","payload","accepts_response_payload"[,"retry_attempt","retry_reason"]}</c>
    /// on <paramref name="connection"/> (default: the oldest open one) and returns its envelope id.
    /// </summary>
    public async Task<string> SendEnvelope(string type, JsonNode payload, bool acceptsResponsePayload, FakeSocketConnection? connection = null, string? envelopeId = null, int? retryAttempt = null)
    {
        connection ??= OpenConnections.FirstOrDefault() ?? throw new InvalidOperationException("No open connection.");
        envelopeId ??= $"env-{Interlocked.Increment(ref _nextEnvelope)}";
        _ackWaiters.GetOrAdd(envelopeId, _ => NewWaiter());
        var envelope = new JsonObject
        {
            ["envelope_id"] = envelopeId,
            ["type"] = type,
            ["payload"] = payload.DeepClone(),
            ["accepts_response_payload"] = acceptsResponsePayload,
        };
        if (type == "events_api")
        {
            envelope["retry_attempt"] = retryAttempt ?? 0;
            envelope["retry_reason"] = retryAttempt > 0 ? "timeout" : string.Empty;
        }

        await connection.Send(envelope.ToJsonString());
        return envelopeId;
    }

    /// <summary>
    /// Sends an envelope whose <c>payload</c> is <paramref name="payloadJson"/> as given, byte for byte: any JSON text,
    /// also what a <see cref="JsonNode"/> cannot hold (duplicate keys, nesting deeper than it writes). Returns the envelope id.
    /// </summary>
    public async Task<string> SendRawEnvelope(string type, string payloadJson, bool acceptsResponsePayload, FakeSocketConnection? connection = null)
    {
        connection ??= OpenConnections.FirstOrDefault() ?? throw new InvalidOperationException("No open connection.");
        var envelopeId = $"env-{Interlocked.Increment(ref _nextEnvelope)}";
        _ackWaiters.GetOrAdd(envelopeId, _ => NewWaiter());
        var retry = type == "events_api" ? ",\"retry_attempt\":0,\"retry_reason\":\"\"" : string.Empty;
        await connection.Send($"{{\"envelope_id\":\"{envelopeId}\",\"type\":\"{type}\",\"accepts_response_payload\":{(acceptsResponsePayload ? "true" : "false")}{retry},\"payload\":{payloadJson}}}");
        return envelopeId;
    }

    /// <summary>Completes with the ack message for <paramref name="envelopeId"/>; throws <see cref="TimeoutException"/> after <paramref name="timeout"/> (default 10 s).</summary>
    public async Task<JsonElement> WaitForAck(string envelopeId, TimeSpan? timeout = null)
    {
        try
        {
            return await _ackWaiters.GetOrAdd(envelopeId, _ => NewWaiter()).Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No ack for envelope {envelopeId}.");
        }
    }

    /// <summary>Sends <c>{"type":"disconnect","reason":…}</c> on <paramref name="connection"/>.</summary>
    public Task SendDisconnect(string reason, FakeSocketConnection connection) =>
        connection.Send(new JsonObject
        {
            ["type"] = "disconnect",
            ["reason"] = reason,
            ["debug_info"] = new JsonObject { ["host"] = "fake-socket-mode" },
        }.ToJsonString());

    /// <summary>Kills the TCP connection without a WebSocket close frame, as a network loss would.</summary>
    public void DropConnection(FakeSocketConnection connection) => connection.Drop();

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in Connections)
        {
            connection.Drop();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static TaskCompletionSource<JsonElement> NewWaiter() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private IResult HandleOpen(HttpContext context)
    {
        Interlocked.Increment(ref _openCalls);
        var authorization = context.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(authorization))
        {
            return Results.Json(new { ok = false, error = "not_authed" });
        }

        if (!authorization.StartsWith("Bearer xapp-", StringComparison.Ordinal))
        {
            return Results.Json(new { ok = false, error = "invalid_auth" });
        }

        if (OpenError is { } error)
        {
            return Results.Json(new { ok = false, error });
        }

        return Results.Json(new { ok = true, url = NextConnectionUrl() });
    }

    private async Task HandleLink(HttpContext context)
    {
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        if (upgrade is not { IsUpgradableRequest: true } || !int.TryParse(context.Request.Query["ticket"], out var ticket)
            || !_issuedTickets.TryGetValue(ticket, out var used) || used || !_issuedTickets.TryUpdate(ticket, true, false))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        var key = context.Request.Headers["Sec-WebSocket-Key"].ToString();
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + WebSocketGuid)));
        context.Response.Headers.Connection = "Upgrade";
        context.Response.Headers.Upgrade = "websocket";
        context.Response.Headers["Sec-WebSocket-Accept"] = accept;
        var stream = await upgrade.UpgradeAsync();

        var connection = new FakeSocketConnection(ticket, context);
        var sniffer = new WebSocketFrameSniffer(stream, opcode =>
        {
            if (opcode == 0x9)
            {
                connection.CountPing();
            }
        });
        using var socket = WebSocket.CreateFromStream(sniffer, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = ServerKeepAliveInterval });
        connection.Attach(socket);
        lock (_lock)
        {
            _connections.Add(connection);
        }

        if (SendHello)
        {
            await connection.Send(new JsonObject
            {
                ["type"] = "hello",
                ["num_connections"] = OpenConnections.Count + 1,
                ["debug_info"] = new JsonObject { ["host"] = "fake-socket-mode", ["approximate_connection_time"] = 18060 },
                ["connection_info"] = new JsonObject { ["app_id"] = "A111" },
            }.ToJsonString());
            connection.MarkHelloSent();
        }

        await connection.Receive(OnAck);
    }

    private void OnAck(FakeSocketConnection connection, JsonElement message)
    {
        if (!message.TryGetProperty("envelope_id", out var id) || id.GetString() is not { } envelopeId)
        {
            return;
        }

        lock (_lock)
        {
            _acks.Add(new FakeSocketModeAck(envelopeId, connection.Ticket, message));
        }

        _ackWaiters.GetOrAdd(envelopeId, _ => NewWaiter()).TrySetResult(message);
    }
}

/// <summary>One WebSocket connection accepted by <see cref="FakeSocketModeServer"/>.</summary>
public sealed class FakeSocketConnection
{
    private readonly HttpContext _context;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<JsonElement> _received = [];
    private WebSocket? _socket;
    private int _pings;
    private volatile bool _helloSent;

    internal FakeSocketConnection(int ticket, HttpContext context)
    {
        Ticket = ticket;
        _context = context;
    }

    /// <summary>The ticket of the URL this connection used (1, 2, … in the order URLs were minted).</summary>
    public int Ticket { get; }

    public bool HelloSent => _helloSent;

    /// <summary>Hello sent and not closed yet.</summary>
    public bool IsOpen => _helloSent && !_closed.Task.IsCompleted;

    /// <summary>Completes when the connection is gone (closed by either side, or dropped).</summary>
    public Task Closed => _closed.Task;

    /// <summary>The close code the client sent, or null when it vanished without a close frame (or has not closed).</summary>
    public WebSocketCloseStatus? ClientCloseStatus { get; private set; }

    /// <summary>True when the client sent the close frame first.</summary>
    public bool ClosedByClient { get; private set; }

    public int PingCount => Volatile.Read(ref _pings);

    /// <summary>Every JSON message the client sent on this connection.</summary>
    public IReadOnlyList<JsonElement> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    internal void Attach(WebSocket socket) => _socket = socket;

    internal void MarkHelloSent() => _helloSent = true;

    internal void CountPing() => Interlocked.Increment(ref _pings);

    internal async Task Send(string json)
    {
        var socket = _socket ?? throw new InvalidOperationException("Not connected.");
        await _sendLock.WaitAsync();
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    internal void Drop()
    {
        if (_closed.Task.IsCompleted)
        {
            return;
        }

        try
        {
            _context.Abort();
        }
        catch (ObjectDisposedException)
        {
            // The request already finished.
        }

        _socket?.Abort();
        _closed.TrySetResult();
    }

    internal async Task Receive(Action<FakeSocketConnection, JsonElement> onMessage)
    {
        var socket = _socket!;
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    ClientCloseStatus = result.CloseStatus;
                    ClosedByClient = true;
                    await _sendLock.WaitAsync();
                    try
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    }
                    finally
                    {
                        _sendLock.Release();
                    }

                    return;
                }

                var element = JsonDocument.Parse(message.ToArray()).RootElement.Clone();
                lock (_received)
                {
                    _received.Add(element);
                }

                onMessage(this, element);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException or JsonException)
        {
            // Dropped, or the client vanished.
        }
        finally
        {
            _closed.TrySetResult();
        }
    }
}
