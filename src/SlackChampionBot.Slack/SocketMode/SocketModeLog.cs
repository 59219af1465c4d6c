using Microsoft.Extensions.Logging;

namespace SlackChampionBot.Slack.SocketMode;

/// <summary>Socket Mode log messages, EventIds 2300–2399. Never the app token, and never the wss URL (its ticket is a credential): host only.</summary>
internal static partial class SocketModeLog
{
    [LoggerMessage(2300, LogLevel.Information, "Socket Mode connection {ConnectionId} (slot {Slot}) connecting to {Host}")]
    public static partial void Connecting(ILogger logger, int connectionId, int slot, string host);

    [LoggerMessage(2301, LogLevel.Information, "Socket Mode connection {ConnectionId} (slot {Slot}) ready; Slack counts {NumConnections} connections")]
    public static partial void Hello(ILogger logger, int connectionId, int slot, int numConnections);

    [LoggerMessage(2302, LogLevel.Information, "Socket Mode connection {ConnectionId}: Slack asked to disconnect ({Reason})")]
    public static partial void DisconnectRequested(ILogger logger, int connectionId, string reason);

    [LoggerMessage(2303, LogLevel.Information, "Socket Mode connection {ConnectionId} (slot {Slot}) closed: {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, int connectionId, int slot, string reason);

    [LoggerMessage(2304, LogLevel.Warning, "Socket Mode connection {ConnectionId} lost: {Error}")]
    public static partial void ConnectionLost(ILogger logger, int connectionId, string error);

    [LoggerMessage(2305, LogLevel.Information, "Socket Mode connection {ConnectionId} closed by Slack ({CloseStatus} {Description})")]
    public static partial void ClosedBySlack(ILogger logger, int connectionId, int? closeStatus, string? description);

    [LoggerMessage(2306, LogLevel.Warning, "Socket Mode connection {ConnectionId} silent for {Silence}; reconnecting")]
    public static partial void WatchdogFired(ILogger logger, int connectionId, TimeSpan silence);

    [LoggerMessage(2307, LogLevel.Warning, "Socket Mode slot {Slot} lost its connection ({Reason}); reconnecting in {Delay}")]
    public static partial void Reconnecting(ILogger logger, int slot, string reason, TimeSpan delay);

    [LoggerMessage(2308, LogLevel.Warning, "Socket Mode slot {Slot} could not connect ({Error}); retrying in {Delay}")]
    public static partial void ConnectFailed(ILogger logger, int slot, string error, TimeSpan delay);

    [LoggerMessage(2309, LogLevel.Critical, "Socket Mode stopped for good: apps.connections.open answered {ErrorCode}. Check the app-level token (xapp-…, scope connections:write) and restart")]
    public static partial void FatalOpenError(ILogger logger, string errorCode);

    [LoggerMessage(2310, LogLevel.Critical, "Socket Mode stopped for good: Slack disabled the link (link_disabled). Turn Socket Mode back on in the app settings and restart")]
    public static partial void LinkDisabled(ILogger logger);

    [LoggerMessage(2311, LogLevel.Critical, "Socket Mode is on but no app-level token is configured; the bot will receive nothing")]
    public static partial void NoAppToken(ILogger logger);

    [LoggerMessage(2312, LogLevel.Information, "Socket Mode client stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(2314, LogLevel.Information, "Socket Mode is off (Slack:UseSocketMode=false): Slack's requests arrive over HTTP on /slack/event, /slack/command, /slack/action and /slack/options")]
    public static partial void SocketModeOff(ILogger logger);

    [LoggerMessage(2313, LogLevel.Debug, "Socket Mode connection {ConnectionId} did not close cleanly ({Error})")]
    public static partial void CloseNotClean(ILogger logger, int connectionId, string error);

    [LoggerMessage(2320, LogLevel.Debug, "Acknowledged {Type} envelope {EnvelopeId} on connection {ConnectionId}")]
    public static partial void Acked(ILogger logger, string envelopeId, string type, int connectionId);

    [LoggerMessage(2321, LogLevel.Warning, "Could not acknowledge envelope {EnvelopeId} on connection {ConnectionId} ({Error}); Slack will redeliver events")]
    public static partial void AckLost(ILogger logger, string envelopeId, int connectionId, string error);

    [LoggerMessage(2322, LogLevel.Error, "Handling {Type} envelope {EnvelopeId} failed; not acknowledged")]
    public static partial void EnvelopeFailed(ILogger logger, string envelopeId, string type, Exception exception);

    [LoggerMessage(2323, LogLevel.Warning, "Envelope {EnvelopeId} on connection {ConnectionId} abandoned at shutdown; not acknowledged")]
    public static partial void EnvelopeAbandoned(ILogger logger, string envelopeId, int connectionId);

    [LoggerMessage(2324, LogLevel.Warning, "Envelope {EnvelopeId} has unknown type {Type}; acknowledged and ignored")]
    public static partial void UnknownEnvelopeType(ILogger logger, string envelopeId, string type);

    [LoggerMessage(2325, LogLevel.Warning, "{Type} envelope {EnvelopeId} has no payload object; acknowledged and ignored")]
    public static partial void EnvelopeWithoutPayload(ILogger logger, string envelopeId, string type);

    [LoggerMessage(2326, LogLevel.Warning, "{Type} envelope {EnvelopeId} has a malformed payload ({Reason}); acknowledged so Slack stops retrying, nothing stored or run")]
    public static partial void MalformedPayload(ILogger logger, string envelopeId, string type, string reason);

    [LoggerMessage(2327, LogLevel.Debug, "events_api envelope {EnvelopeId} (retry {RetryAttempt}) was already in the inbox")]
    public static partial void DuplicateEvent(ILogger logger, string envelopeId, int retryAttempt);

    [LoggerMessage(2328, LogLevel.Debug, "Socket Mode connection {ConnectionId}: ignored message of type {Type}")]
    public static partial void UnknownMessage(ILogger logger, int connectionId, string type);

    [LoggerMessage(2329, LogLevel.Warning, "Socket Mode connection {ConnectionId}: unreadable message of {Length} bytes")]
    public static partial void UnreadableMessage(ILogger logger, int connectionId, int length);
}
