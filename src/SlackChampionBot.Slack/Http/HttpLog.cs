using Microsoft.Extensions.Logging;

namespace SlackChampionBot.Slack.Http;

/// <summary>HTTP transport log messages: EventIds 3000–3049. Never logs bodies, signatures or the secret.</summary>
internal static partial class HttpLog
{
    [LoggerMessage(3000, LogLevel.Warning, "Refused a request to {Path}: signature check said {Result}")]
    public static partial void SignatureRejected(ILogger logger, string path, SlackSignatureResult result);

    [LoggerMessage(3001, LogLevel.Warning, "Refused a request to {Path}: the body is larger than {MaxBytes} bytes")]
    public static partial void BodyTooLarge(ILogger logger, string path, long maxBytes);

    [LoggerMessage(3002, LogLevel.Warning, "Refused a malformed request to {Path}: {Reason}")]
    public static partial void Malformed(ILogger logger, string path, string reason);

    [LoggerMessage(3003, LogLevel.Error, "Could not store an event in the inbox; answered 503 so that Slack retries")]
    public static partial void InboxStoreFailed(ILogger logger, Exception exception);

    [LoggerMessage(3004, LogLevel.Information, "Slack sent an Events API body of type {Type}; acknowledged")]
    public static partial void OtherEnvelope(ILogger logger, string type);

    [LoggerMessage(3005, LogLevel.Debug, "A request to {Path} was answered 404: the HTTP endpoints are off (Socket Mode without a signing secret)")]
    public static partial void EndpointsOff(ILogger logger, string path);

    [LoggerMessage(3007, LogLevel.Warning, "Dropped a request to {Path}: its body had not arrived after {Timeout}")]
    public static partial void BodyTimedOut(ILogger logger, string path, TimeSpan timeout);

    [LoggerMessage(3008, LogLevel.Warning, "Refused a request to {Path} with 503: bodies being received already hold {MaxBytes} bytes (Http:MaxBufferedBodyBytes); Slack retries")]
    public static partial void BodyBudgetFull(ILogger logger, string path, long maxBytes);

    [LoggerMessage(3006, LogLevel.Information, "Slack URL verification answered")]
    public static partial void UrlVerified(ILogger logger);
}
