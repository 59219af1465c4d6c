using System.Globalization;
using System.Text.Json;

namespace SlackChampionBot.Sandbox;

/// <summary>One answer of the fake Web API: a status, headers and a JSON body, optionally after a delay.</summary>
public sealed class FakeSlackResponse
{
    internal static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = null };

    public int StatusCode { get; init; } = 200;

    /// <summary>The body; null means "whatever the method answers by default" (used after a <see cref="Delay"/>).</summary>
    public string? Body { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>How long the fake waits (real time, ended early when the client gives up) before answering.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>HTTP 429 with <c>Retry-After</c> and Slack's <c>{"ok":false,"error":"ratelimited"}</c>.</summary>
    public static FakeSlackResponse RateLimited(int retryAfterSeconds) => new()
    {
        StatusCode = 429,
        Body = """{"ok":false,"error":"ratelimited"}""",
        Headers = new Dictionary<string, string> { ["Retry-After"] = retryAfterSeconds.ToString(CultureInfo.InvariantCulture) },
    };

    /// <summary>An HTTP 5xx with a non-JSON body, the way a load balancer fails.</summary>
    public static FakeSlackResponse ServerError(int status = 500) => new() { StatusCode = status, Body = $"<html>{status}</html>" };

    /// <summary>Hangs for <paramref name="delay"/> (longer than the client's timeout), then answers as usual.</summary>
    public static FakeSlackResponse Timeout(TimeSpan delay) => new() { Delay = delay };

    /// <summary><c>{"ok":false,"error":code}</c>, with <c>response_metadata.messages</c> when given.</summary>
    public static FakeSlackResponse Error(string code, params string[] messages) => Json(messages.Length == 0
        ? new { ok = false, error = code }
        : new { ok = false, error = code, response_metadata = new { messages } });

    /// <summary>HTTP 200 with <paramref name="payload"/> serialised as given (use snake_case names; include <c>ok</c>).</summary>
    public static FakeSlackResponse Json(object payload) =>
        new() { Body = payload as string ?? JsonSerializer.Serialize(payload, PayloadJson) };
}

/// <summary>One call the fake received.</summary>
public sealed class FakeSlackRequest
{
    public required string Method { get; init; }

    /// <summary>The raw Authorization header, e.g. <c>Bearer xoxb-…</c>, or null.</summary>
    public string? Authorization { get; init; }

    /// <summary>The token from the Bearer header, else from a <c>token</c> argument.</summary>
    public string? Token { get; init; }

    /// <summary>Query, form and top-level JSON fields; nested JSON values are kept as JSON text.</summary>
    public required IReadOnlyDictionary<string, string> Args { get; init; }

    public string? ContentType { get; init; }

    public string Body { get; init; } = string.Empty;

    /// <summary>When it arrived, by the fake's <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>The HTTP status the fake answered (0 while still answering).</summary>
    public int StatusCode { get; internal set; }

    public string? Arg(string name) => Args.TryGetValue(name, out var value) ? value : null;

    /// <summary>An argument that holds JSON (blocks, view, files), parsed.</summary>
    public JsonElement? JsonArg(string name) =>
        Args.TryGetValue(name, out var value) ? JsonDocument.Parse(value).RootElement.Clone() : null;
}

/// <summary>A user the fake knows (users.info, users.list).</summary>
public sealed record FakeSlackUser(
    string Id,
    string Name,
    string? Tz = "America/New_York",
    bool IsBot = false,
    bool Deleted = false,
    bool IsRestricted = false,
    bool IsUltraRestricted = false,
    string? RealName = null,
    string? DisplayName = null,
    string? Email = null,
    bool IsAppUser = false,
    bool IsAdmin = false);

/// <summary>A file that went through files.getUploadURLExternal (and maybe the upload and completeUploadExternal).</summary>
public sealed class FakeSlackFile
{
    public required string Id { get; init; }

    public required string FileName { get; init; }

    public int DeclaredLength { get; init; }

    public byte[]? Content { get; internal set; }

    /// <summary>The Authorization header the upload request carried (it should carry none: the URL is pre-signed).</summary>
    public string? UploadAuthorization { get; internal set; }

    public string? Title { get; internal set; }

    public string? ChannelId { get; internal set; }

    public string? InitialComment { get; internal set; }

    public bool Completed { get; internal set; }
}

/// <summary>
/// Slack's published limits as the fake enforces them when simulation is on: a token bucket per method
/// (<see cref="PerMinute"/> refilled per minute, a full minute's worth available at once) and, for chat.postMessage,
/// one per channel. Exceeding one answers 429 with <c>Retry-After</c>.
/// </summary>
public sealed class FakeSlackRateLimits
{
    public Dictionary<string, int> PerMinute { get; } = new(StringComparer.Ordinal)
    {
        ["auth.test"] = 600,
        ["chat.postMessage"] = 600,
        ["chat.postEphemeral"] = 100,
        ["chat.update"] = 50,
        ["chat.delete"] = 50,
        ["chat.getPermalink"] = 600,
        ["reactions.add"] = 50,
        ["views.open"] = 100,
        ["views.publish"] = 100,
        ["views.update"] = 100,
        ["users.info"] = 100,
        ["users.list"] = 20,
        ["conversations.open"] = 50,
        ["conversations.members"] = 100,
        ["conversations.info"] = 50,
        ["usergroups.list"] = 20,
        ["usergroups.users.list"] = 20,
        ["files.getUploadURLExternal"] = 100,
        ["files.completeUploadExternal"] = 100,
        ["apps.connections.open"] = 5,
    };

    /// <summary>For methods not in <see cref="PerMinute"/>.</summary>
    public int DefaultPerMinute { get; set; } = 20;

    public double PostMessagePerChannelPerSecond { get; set; } = 1;

    /// <summary>Slack grants "generous burst behavior"; how many posts one channel may take at once.</summary>
    public int PostMessagePerChannelBurst { get; set; } = 5;
}
