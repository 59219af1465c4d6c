using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace SlackChampionBot.Slack.SocketMode;

internal enum ConnectionEndKind
{
    /// <summary>Slack asked for a new connection (<c>refresh_requested</c>, <c>warning</c>, or an unknown reason); this one still works for now.</summary>
    RefreshRequested,

    /// <summary>Socket Mode was switched off in the app settings.</summary>
    LinkDisabled,

    /// <summary>The socket closed, failed, or went silent.</summary>
    Lost,
}

internal sealed record ConnectionEnd(ConnectionEndKind Kind, string Reason);

/// <summary>
/// One Socket Mode WebSocket: the receive loop, envelope handling without blocking the loop, acknowledgements on this
/// same socket (one send at a time), a watchdog over incoming bytes, and a graceful close that lets in-flight
/// envelopes finish.
/// </summary>
internal sealed class SocketModeConnection : IAsyncDisposable
{
    public const int MaxEnvelopeDepth = 1024;

    private readonly ClientWebSocket _socket;
    private readonly HttpMessageInvoker _invoker;
    private readonly SocketModeEnvelopeProcessor _processor;
    private readonly SocketModeStatus _status;
    private readonly SocketModeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ConcurrentDictionary<string, Task> _inFlight = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _hello = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<ConnectionEnd> _end = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _handlerCancellation = new();
    private ITimer? _watchdog;
    private long _lastReadTimestamp;
    private int _countedConnected;
    private Task _receiveLoop = Task.CompletedTask;

    public SocketModeConnection(int id, int slot, SocketModeEnvelopeProcessor processor, SocketModeStatus status, SocketModeOptions options, TimeProvider time, ILogger logger)
    {
        Id = id;
        Slot = slot;
        _processor = processor;
        _status = status;
        _options = options;
        _time = time;
        _logger = logger;
        _lastReadTimestamp = time.GetTimestamp();
        _socket = new ClientWebSocket();
        _socket.Options.KeepAliveInterval = options.KeepAliveInterval;
        if (options.KeepAliveInterval > TimeSpan.Zero)
        {
            _socket.Options.KeepAliveTimeout = options.KeepAliveTimeout;
        }

        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var tcp = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await tcp.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
                    return new ReadTrackingStream(new System.Net.Sockets.NetworkStream(tcp, ownsSocket: true), MarkRead);
                }
                catch
                {
                    tcp.Dispose();
                    throw;
                }
            },
        };
        _invoker = new HttpMessageInvoker(handler, disposeHandler: true);
    }

    public int Id { get; }

    public int Slot { get; }

    public DateTimeOffset ConnectedAt { get; private set; }

    /// <summary>Completes the first time the connection needs replacing, saying why.</summary>
    public Task<ConnectionEnd> Ended => _end.Task;

    /// <summary>Completes when this socket stops receiving (Slack closed it, or it was lost or closed by us).</summary>
    public Task ReceiveCompleted => _receiveLoop;

    /// <summary>How many envelopes are being handled right now.</summary>
    public int InFlight => _inFlight.Count;

    /// <summary>Connects and waits for <c>hello</c>. Throws when either fails or takes longer than <see cref="SocketModeOptions.ConnectTimeout"/>.</summary>
    public async Task Connect(Uri url, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ConnectTimeout);
        try
        {
            await _socket.ConnectAsync(url, _invoker, timeout.Token).ConfigureAwait(false);
            MarkRead();
            _receiveLoop = Task.Run(ReceiveLoop, CancellationToken.None);
            var period = _options.WatchdogTimeout / 4;
            _watchdog = _time.CreateTimer(_ => CheckWatchdog(), null, period, period);
            await _hello.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No hello within {_options.ConnectTimeout}.");
        }

        ConnectedAt = _time.GetUtcNow();
    }

    /// <summary>
    /// Waits (up to <see cref="SocketModeOptions.DrainTimeout"/>) for in-flight envelopes to be acknowledged, then closes
    /// with 1000 and waits for Slack's close frame; aborts whatever is left after that.
    /// </summary>
    public async Task CloseGracefully(string reason)
    {
        using var drain = new CancellationTokenSource(_options.DrainTimeout, _time);
        try
        {
            while (!_inFlight.IsEmpty && _socket.State == WebSocketState.Open)
            {
                await Task.WhenAll(_inFlight.Values.ToArray()).WaitAsync(drain.Token).ConfigureAwait(false);
            }

            await _sendLock.WaitAsync(drain.Token).ConfigureAwait(false);
            try
            {
                if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, reason, drain.Token).ConfigureAwait(false);
                }
            }
            finally
            {
                _sendLock.Release();
            }

            await _receiveLoop.WaitAsync(drain.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            SocketModeLog.CloseNotClean(_logger, Id, ex.GetType().Name);
        }

        SocketModeLog.ConnectionClosed(_logger, Id, Slot, reason);
        await DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _watchdog?.Dispose();
        _socket.Abort();
        await _handlerCancellation.CancelAsync().ConfigureAwait(false);
        try
        {
            await _receiveLoop.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The loop already recorded why it stopped.
        }

        End(ConnectionEndKind.Lost, "disposed");
        MarkDisconnected();
        _socket.Dispose();
        _invoker.Dispose();
        _handlerCancellation.Dispose();
    }

    private void MarkRead() => Interlocked.Exchange(ref _lastReadTimestamp, _time.GetTimestamp());

    private void CheckWatchdog()
    {
        var silent = _time.GetElapsedTime(Interlocked.Read(ref _lastReadTimestamp));
        if (silent >= _options.WatchdogTimeout && _socket.State == WebSocketState.Open)
        {
            SocketModeLog.WatchdogFired(_logger, Id, silent);
            End(ConnectionEndKind.Lost, "watchdog");
            _socket.Abort();
        }
    }

    private void End(ConnectionEndKind kind, string reason)
    {
        _end.TrySetResult(new ConnectionEnd(kind, reason));
        if (kind == ConnectionEndKind.Lost)
        {
            MarkDisconnected();
        }
    }

    private void MarkDisconnected()
    {
        if (Interlocked.CompareExchange(ref _countedConnected, 2, 1) == 1)
        {
            _status.SocketDisconnected();
        }
    }

    private async Task ReceiveLoop()
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            while (true)
            {
                buffer.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.GetMemory(8 * 1024), CancellationToken.None).ConfigureAwait(false);
                    buffer.Advance(result.Count);
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    SocketModeLog.ClosedBySlack(_logger, Id, (int?)_socket.CloseStatus, _socket.CloseStatusDescription);
                    End(ConnectionEndKind.Lost, "closed by Slack");
                    if (_socket.State == WebSocketState.CloseReceived)
                    {
                        await _sendLock.WaitAsync().ConfigureAwait(false);
                        try
                        {
                            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).ConfigureAwait(false);
                        }
                        finally
                        {
                            _sendLock.Release();
                        }
                    }

                    return;
                }

                if (result.MessageType == WebSocketMessageType.Text)
                {
                    OnMessage(buffer.WrittenMemory.ToArray());
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            if (!_end.Task.IsCompleted)
            {
                SocketModeLog.ConnectionLost(_logger, Id, ex.Message);
            }

            End(ConnectionEndKind.Lost, "socket error");
        }
    }

    private void OnMessage(byte[] message)
    {
        JsonDocument document;
        try
        {
            // Deeper than the payload checks allow (64), so that a too-deep payload is still read far enough to be
            // acknowledged and refused; only a message nested beyond this cannot be answered at all.
            document = JsonDocument.Parse(message, new JsonDocumentOptions { MaxDepth = MaxEnvelopeDepth });
        }
        catch (JsonException)
        {
            SocketModeLog.UnreadableMessage(_logger, Id, message.Length);
            return;
        }

        var root = document.RootElement;
        var type = StringProperty(root, "type");
        var envelopeId = StringProperty(root, "envelope_id");

        if (envelopeId is not null && type is not null)
        {
            var handling = HandleEnvelope(document, envelopeId, type);
            _inFlight[envelopeId] = handling;
            _ = handling.ContinueWith(_ => _inFlight.TryRemove(envelopeId, out var _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return;
        }

        using (document)
        {
            switch (type)
            {
                case "hello":
                    if (_hello.TrySetResult())
                    {
                        Interlocked.Exchange(ref _countedConnected, 1);
                        _status.SocketConnected();
                        var connections = root.TryGetProperty("num_connections", out var num) && num.ValueKind == JsonValueKind.Number && num.TryGetInt32(out var count) ? count : -1;
                        SocketModeLog.Hello(_logger, Id, Slot, connections);
                    }

                    break;
                case "disconnect":
                    var reason = StringProperty(root, "reason") ?? "unknown";
                    SocketModeLog.DisconnectRequested(_logger, Id, reason);
                    End(reason == "link_disabled" ? ConnectionEndKind.LinkDisabled : ConnectionEndKind.RefreshRequested, reason);
                    break;
                default:
                    SocketModeLog.UnknownMessage(_logger, Id, type ?? "(none)");
                    break;
            }
        }
    }

    /// <summary>A string property of a message, or null when it is absent or not a string (a malformed message is not a crash).</summary>
    private static string? StringProperty(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private async Task HandleEnvelope(JsonDocument document, string envelopeId, string type)
    {
        await Task.Yield();
        using (document)
        {
            byte[]? ack;
            try
            {
                ack = await _processor.Process(envelopeId, type, document.RootElement, _handlerCancellation.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                SocketModeLog.EnvelopeAbandoned(_logger, envelopeId, Id);
                return;
            }

            if (ack is null)
            {
                return;
            }

            try
            {
                await _sendLock.WaitAsync(_handlerCancellation.Token).ConfigureAwait(false);
                try
                {
                    await _socket.SendAsync(ack, WebSocketMessageType.Text, endOfMessage: true, _handlerCancellation.Token).ConfigureAwait(false);
                }
                finally
                {
                    _sendLock.Release();
                }

                SocketModeLog.Acked(_logger, envelopeId, type, Id);
            }
            catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                SocketModeLog.AckLost(_logger, envelopeId, Id, ex.Message);
            }
        }
    }
}
