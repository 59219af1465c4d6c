namespace SlackChampionBot.Slack;

/// <summary>The adapter's settings, resolved once from the values given to <see cref="SlackServiceConfiguration"/>.</summary>
public sealed class SlackAdapterOptions
{
    /// <summary>The bot token (<c>xoxb-…</c>) for Web API calls.</summary>
    public string ApiToken { get; set; } = string.Empty;

    /// <summary>The app-level token (<c>xapp-…</c>) for apps.connections.open; Socket Mode only.</summary>
    public string? AppLevelToken { get; set; }

    /// <summary>The signing secret that HTTP requests from Slack are verified with; HTTP mode only.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>Slack's Web API root, ending in a slash. Tests point it at a fake Slack on loopback.</summary>
    public Uri ApiBaseUrl { get; set; } = new("https://slack.com/api/");

    /// <summary>Talk to Slack over Socket Mode (true) or receive HTTP requests (false).</summary>
    public bool UseSocketMode { get; set; } = true;

    /// <summary>How many Socket Mode connections to keep open (Slack allows up to 10).</summary>
    public int SocketModeConnections { get; set; } = 2;

    /// <summary>Largest request body accepted on the HTTP endpoints; larger ones get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How far a request's timestamp may be from now (either way) before it is refused as stale.</summary>
    public TimeSpan SignatureTolerance { get; set; } = TimeSpan.FromMinutes(5);
}
