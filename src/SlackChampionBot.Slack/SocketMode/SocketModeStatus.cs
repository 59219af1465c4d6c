namespace SlackChampionBot.Slack.SocketMode;

/// <summary>
/// What the Socket Mode client is doing, for the host's readiness probe. Registered as a singleton. When Socket Mode
/// is off (<see cref="SlackAdapterOptions.UseSocketMode"/> false) <see cref="Enabled"/> stays false.
/// </summary>
public sealed class SocketModeStatus
{
    private int _connectedSockets;
    private volatile string? _lastError;
    private volatile bool _isFatal;
    private volatile bool _enabled;

    /// <summary>True once the client has started with Socket Mode on.</summary>
    public bool Enabled => _enabled;

    /// <summary>How many sockets have said <c>hello</c> and are still open (briefly one more than configured during a refresh).</summary>
    public int ConnectedSockets => Volatile.Read(ref _connectedSockets);

    /// <summary>At least one socket can receive from Slack.</summary>
    public bool IsConnected => ConnectedSockets > 0;

    /// <summary>The client gave up for good (bad app token, Socket Mode disabled in the app settings); <see cref="LastError"/> says why.</summary>
    public bool IsFatal => _isFatal;

    /// <summary>The latest connection problem, e.g. <c>apps.connections.open: invalid_auth</c>; null while nothing went wrong.</summary>
    public string? LastError => _lastError;

    /// <summary>Ready for traffic: Socket Mode is on, at least one socket is connected and nothing fatal happened.</summary>
    public bool IsHealthy => _enabled && !_isFatal && IsConnected;

    internal void MarkEnabled() => _enabled = true;

    internal void SocketConnected() => Interlocked.Increment(ref _connectedSockets);

    internal void SocketDisconnected() => Interlocked.Decrement(ref _connectedSockets);

    internal void RecordError(string error) => _lastError = error;

    internal void RecordFatal(string error)
    {
        _lastError = error;
        _isFatal = true;
    }
}
