namespace SlackChampionBot.Slack;

/// <summary>
/// How a request reached the bot: the value of <see cref="SlackRequestContext.Transport"/> and of the inbox's
/// <c>transport</c> column. Each transport states its own name when it hands something to the dispatcher; nothing
/// guesses it from the configured mode (an app in Socket Mode can still receive signed HTTP requests).
/// </summary>
public static class SlackTransport
{
    /// <summary>A signed request to one of the <c>/slack/*</c> routes.</summary>
    public const string Http = "http";

    /// <summary>An envelope on a Socket Mode WebSocket.</summary>
    public const string SocketMode = "socket_mode";

    /// <summary>An inbox row stored before the transport was recorded.</summary>
    public const string Unknown = "unknown";
}
