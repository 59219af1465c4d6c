namespace SlackChampionBot.Slack.SocketMode;

/// <summary>
/// Timing of the Socket Mode client. The defaults suit production; tests shorten them. The connection count and the
/// app-level token live in <see cref="SlackAdapterOptions"/>.
/// </summary>
public sealed class SocketModeOptions
{
    /// <summary>How long after the first connection each further one is opened, so that they do not expire together.</summary>
    public TimeSpan ConnectionStagger { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>First reconnect delay after a lost connection or a failed attempt; doubled per consecutive failure.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap of the reconnect delay.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A connection that stayed up this long resets the backoff to <see cref="InitialBackoff"/>.</summary>
    public TimeSpan StableConnectionTime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Time allowed for apps.connections.open's URL to accept the WebSocket and send <c>hello</c>.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>WebSocket PING interval sent by the client (<see cref="System.Net.WebSockets.ClientWebSocketOptions.KeepAliveInterval"/>); zero turns it off.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long to wait for the PONG before the socket is aborted (<see cref="System.Net.WebSockets.ClientWebSocketOptions.KeepAliveTimeout"/>).</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Reconnect when no bytes at all (messages, pings, pongs) have arrived on a socket for this long.</summary>
    public TimeSpan WatchdogTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a shutdown or a refresh waits for in-flight envelopes to be acknowledged before closing the socket.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a replaced socket keeps receiving after its replacement said hello (unless Slack closes it first).</summary>
    public TimeSpan RefreshGracePeriod { get; set; } = TimeSpan.FromSeconds(3);
}
