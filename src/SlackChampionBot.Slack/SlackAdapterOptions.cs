namespace SlackChampionBot.Slack;

/// <summary>The adapter's settings, resolved once from the values given to <see cref="Extensions.DependencyInjection.ServiceCollectionSlackServiceConfiguration"/>.</summary>
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

    /// <summary>
    /// How much buffer the request bodies being received on the HTTP endpoints may hold together (beyond the first
    /// 4 KiB of each); a request that needs more gets 503 and Slack retries it. Bounds memory before verification
    /// whatever the number of connections.
    /// </summary>
    public long MaxBufferedBodyBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>How long a request body may take to arrive on the HTTP endpoints; then the connection is dropped and nothing is kept.</summary>
    public TimeSpan RequestBodyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How far a request's timestamp may be from now (either way) before it is refused as stale.</summary>
    public TimeSpan SignatureTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How many events the background dispatcher runs at once, each from a different lane (ordering key: a channel,
    /// the person opening App Home…); events with the same key always run one after another.
    /// </summary>
    public int DispatchConcurrency { get; set; } = 8;

    /// <summary>Timeouts and retries of Web API calls.</summary>
    public SlackRetryOptions Retries { get; set; } = new();

    /// <summary>Client-side pacing of Web API calls per method tier and per channel.</summary>
    public SlackPacingOptions Pacing { get; set; } = new();
}

/// <summary>How Web API calls are timed out and retried (slack-protocol.md §7 "What to retry").</summary>
public sealed class SlackRetryOptions
{
    /// <summary>How long one attempt may take before it is abandoned and retried.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after HTTP 5xx, connection failures and timeouts (not counting the first attempt).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first backoff; each later one doubles (with ±25% jitter).</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How many HTTP 429 answers one call waits out before it fails with <c>ratelimited</c>.</summary>
    public int MaxRateLimitRetries { get; set; } = 10;

    /// <summary>The wait after a 429 that carries no <c>Retry-After</c> header.</summary>
    public TimeSpan DefaultRetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of the random extra wait added to <c>Retry-After</c>.</summary>
    public TimeSpan RateLimitJitter { get; set; } = TimeSpan.FromMilliseconds(500);
}

/// <summary>
/// Client-side token buckets that keep bulk sends under Slack's published limits instead of running into 429s.
/// A limit with <see cref="SlackRateLimit.PerMinute"/> of zero or less is not paced.
/// </summary>
public sealed class SlackPacingOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Tier 1 (1+ per minute), e.g. apps.connections.open.</summary>
    public SlackRateLimit Tier1 { get; set; } = new() { PerMinute = 1, Burst = 2 };

    /// <summary>Tier 2 (20+ per minute), e.g. users.list, usergroups.users.list.</summary>
    public SlackRateLimit Tier2 { get; set; } = new() { PerMinute = 20, Burst = 5 };

    /// <summary>Tier 3 (50+ per minute), e.g. chat.update, reactions.add, conversations.open.</summary>
    public SlackRateLimit Tier3 { get; set; } = new() { PerMinute = 50, Burst = 10 };

    /// <summary>Tier 4 (100+ per minute), e.g. users.info, views.*, chat.postEphemeral.</summary>
    public SlackRateLimit Tier4 { get; set; } = new() { PerMinute = 100, Burst = 20 };

    /// <summary>Special methods allowed hundreds per minute (auth.test, chat.getPermalink).</summary>
    public SlackRateLimit Special { get; set; } = new() { PerMinute = 300, Burst = 30 };

    /// <summary>chat.postMessage into one channel: Slack allows about one message per second per channel.</summary>
    public SlackRateLimit PostMessagePerChannel { get; set; } = new() { PerMinute = 60, Burst = 3 };

    /// <summary>chat.postMessage across the workspace ("several hundred messages per minute").</summary>
    public SlackRateLimit PostMessageWorkspace { get; set; } = new() { PerMinute = 300, Burst = 20 };
}

/// <summary>A token bucket: <see cref="Burst"/> calls at once, refilled at <see cref="PerMinute"/>.</summary>
public sealed class SlackRateLimit
{
    public double PerMinute { get; set; }

    public int Burst { get; set; } = 1;
}
