using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace SlackChampionBot.Sandbox;

/// <summary>
/// A fake of Slack's Web API on loopback (Kestrel, 127.0.0.1, ephemeral port). It records every call, answers every
/// method of the adapter's ISlackApiClient with realistic payloads, can be scripted per method (one-shot answers or a
/// handler) and can simulate Slack's published rate limits. Checks tokens like Slack: a call without one gets
/// <c>not_authed</c>; <c>apps.connections.open</c> needs an <c>xapp-</c> token and every other method refuses one.
/// </summary>
public sealed partial class FakeSlackWebApi : IAsyncDisposable
{
    public const string TeamId = "T0TEAM";
    public const string BotUserId = "U0BOT";
    public const string BotId = "B0BOT";
    public const string ControlEnqueuePath = "/_control/enqueue";
    public const string ControlUsersPath = "/_control/users";

    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly List<FakeSlackRequest> _calls = [];
    private readonly Dictionary<string, Queue<FakeSlackResponse>> _scripted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<FakeSlackRequest, FakeSlackResponse?>> _handlers = new(StringComparer.Ordinal);
    private readonly List<FakeSlackUser> _users = [];
    private readonly Dictionary<string, FakeChannel> _channels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakeUserGroup> _userGroups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _messages = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ephemeralTs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reactions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _views = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakeSlackFile> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimulatedBucket> _buckets = new(StringComparer.Ordinal);
    private long _sequence;
    private int _rateLimitedResponses;
    private FakeSlackRateLimits? _limits;

    private FakeSlackWebApi(WebApplication app, TimeProvider time)
    {
        _app = app;
        _time = time;
    }

    /// <summary>The Web API root, e.g. <c>http://127.0.0.1:54321/api/</c>: give it as SlackAdapterOptions.ApiBaseUrl.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The server root, e.g. <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri RootUrl { get; private set; } = null!;

    /// <summary>What apps.connections.open returns as <c>url</c>; when null it answers <c>ok:false</c> (<c>socket_mode_not_enabled</c>).</summary>
    public string? SocketModeUrl { get; set; }

    /// <summary>
    /// Raised after each call answered <c>ok:true</c>, with the call and the answer: what a Slack client (the
    /// sandbox's page) learns from the workspace, such as a message posted or a modal opened.
    /// </summary>
    public event Action<FakeSlackRequest, JsonObject>? Answered;

    /// <summary>How many HTTP 429 answers the fake has sent (scripted and simulated).</summary>
    public int RateLimitedResponses => Volatile.Read(ref _rateLimitedResponses);

    /// <summary>Starts the fake. <paramref name="timeProvider"/> stamps calls and drives the rate-limit simulation.</summary>
    public static async Task<FakeSlackWebApi> StartAsync(TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeSlackWebApi(app, timeProvider ?? TimeProvider.System);
        app.Map("/api/{method}", fake.HandleApi);
        app.MapPost("/upload/{fileId}", fake.HandleUpload);
        app.MapPost(ControlEnqueuePath, fake.HandleControlEnqueue);
        app.MapPost(ControlUsersPath, fake.HandleControlUsers);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var root = app.Urls.First().TrimEnd('/') + "/";
        fake.RootUrl = new Uri(root);
        fake.BaseUrl = new Uri(fake.RootUrl, "api/");
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    // ---- Recorded calls -------------------------------------------------------------------------------------------

    /// <summary>Every call so far, in arrival order (including ones answered 429/5xx).</summary>
    public IReadOnlyList<FakeSlackRequest> Calls()
    {
        lock (_lock)
        {
            return [.. _calls];
        }
    }

    /// <summary>Every call of one method so far, in arrival order.</summary>
    public IReadOnlyList<FakeSlackRequest> Calls(string method)
    {
        lock (_lock)
        {
            return [.. _calls.Where(c => c.Method == method)];
        }
    }

    public void ClearCalls()
    {
        lock (_lock)
        {
            _calls.Clear();
        }
    }

    /// <summary>Waits (real time) until <paramref name="method"/> has been called at least <paramref name="count"/> times.</summary>
    public async Task<IReadOnlyList<FakeSlackRequest>> WaitForCalls(string method, int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var calls = Calls(method);
            if (calls.Count >= count)
            {
                return calls;
            }

            if (cts.IsCancellationRequested)
            {
                throw new TimeoutException($"Expected {count} {method} call(s) within {timeout}, saw {calls.Count}.");
            }

            await Task.Delay(10, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Files announced through files.getUploadURLExternal, by file ID.</summary>
    public IReadOnlyList<FakeSlackFile> Files()
    {
        lock (_lock)
        {
            return [.. _files.Values];
        }
    }

    // ---- Scripting ------------------------------------------------------------------------------------------------

    /// <summary>Queues a one-shot answer for the next call of <paramref name="method"/> (before any other logic).</summary>
    public void Enqueue(string method, FakeSlackResponse response)
    {
        lock (_lock)
        {
            if (!_scripted.TryGetValue(method, out var queue))
            {
                _scripted[method] = queue = new Queue<FakeSlackResponse>();
            }

            queue.Enqueue(response);
        }
    }

    /// <summary>Replaces the default answer of <paramref name="method"/>; a handler returning null falls back to it.</summary>
    public void Handle(string method, Func<FakeSlackRequest, FakeSlackResponse?> handler)
    {
        lock (_lock)
        {
            _handlers[method] = handler;
        }
    }

    /// <summary>
    /// Makes apps.connections.open hand out a fresh URL per call from <paramref name="nextUrl"/> (e.g. a fake Socket
    /// Mode server's single-use tickets) instead of <see cref="SocketModeUrl"/>. The xapp- token check still applies.
    /// </summary>
    public void ServeSocketModeUrls(Func<string> nextUrl) =>
        Handle("apps.connections.open", _ => FakeSlackResponse.Json(new { ok = true, url = nextUrl() }));

    /// <summary>Turns on the simulation of Slack's limits (null: the published defaults); 429s carry Retry-After.</summary>
    public void EnableRateLimitSimulation(FakeSlackRateLimits? limits = null)
    {
        lock (_lock)
        {
            _limits = limits ?? new FakeSlackRateLimits();
            _buckets.Clear();
        }
    }

    public void DisableRateLimitSimulation()
    {
        lock (_lock)
        {
            _limits = null;
        }
    }

    // ---- Workspace data -------------------------------------------------------------------------------------------

    public FakeSlackUser AddUser(
        string id,
        string name,
        string? tz = "America/New_York",
        bool isBot = false,
        bool deleted = false,
        bool isRestricted = false,
        bool isUltraRestricted = false,
        string? realName = null,
        string? displayName = null,
        string? email = null)
    {
        return AddUser(new FakeSlackUser(id, name, tz, isBot, deleted, isRestricted, isUltraRestricted, realName, displayName, email));
    }

    public FakeSlackUser AddUser(FakeSlackUser user)
    {
        lock (_lock)
        {
            _users.RemoveAll(u => u.Id == user.Id);
            _users.Add(user);
        }

        return user;
    }

    /// <summary>Adds (or renames) a channel the bot can see; conversations.info answers for it.</summary>
    public void AddChannel(string channelId, string name, bool isPrivate = false, bool isArchived = false, bool isMember = true)
    {
        lock (_lock)
        {
            var channel = Channel(channelId);
            channel.Name = name;
            channel.IsPrivate = isPrivate;
            channel.IsArchived = isArchived;
            channel.IsMember = isMember;
        }
    }

    /// <summary>Sets a channel's members (conversations.members), creating the channel if needed.</summary>
    public void SetChannelMembers(string channelId, IEnumerable<string> memberIds)
    {
        lock (_lock)
        {
            Channel(channelId).Members = [.. memberIds];
        }
    }

    public void AddUserGroup(string id, string handle, IEnumerable<string> userIds, string? name = null, bool disabled = false)
    {
        lock (_lock)
        {
            _userGroups[id] = new FakeUserGroup(id, handle, name ?? handle, [.. userIds], disabled);
        }
    }

    /// <summary>Deletes a user group outright: usergroups.list no longer lists it, even with include_disabled.</summary>
    public void RemoveUserGroup(string id)
    {
        lock (_lock)
        {
            _userGroups.Remove(id);
        }
    }

    /// <summary>The DM channel conversations.open gives for <paramref name="userId"/> (stable per user).</summary>
    public string DmChannelId(string userId) => DmChannelFor(userId);

    /// <summary>The DM channel between the bot and <paramref name="userId"/>.</summary>
    public static string DmChannelFor(string userId) => "D" + userId.TrimStart('U', 'W');

    // ---- HTTP -----------------------------------------------------------------------------------------------------

    private async Task HandleApi(HttpContext context)
    {
        var method = (string)context.GetRouteValue("method")!;
        var request = await ReadRequest(context, method).ConfigureAwait(false);
        FakeSlackResponse? scripted;
        lock (_lock)
        {
            _calls.Add(request);
            scripted = _scripted.TryGetValue(method, out var queue) && queue.Count > 0 ? queue.Dequeue() : null;
        }

        var response = scripted;
        if (response?.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(response.Delay, context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                request.StatusCode = 499;
                return;
            }
        }

        if (response?.Body is null)
        {
            response = Answer(request);
        }

        request.StatusCode = response.StatusCode;
        if (response.StatusCode == 429)
        {
            Interlocked.Increment(ref _rateLimitedResponses);
        }

        await Write(context, response).ConfigureAwait(false);
        if (response.StatusCode == 200 && Answered is { } answered && response.Body is { } body && body.StartsWith('{')
            && JsonNode.Parse(body) is JsonObject answer && answer["ok"]?.GetValue<bool>() == true)
        {
            answered(request, answer);
        }
    }

    private FakeSlackResponse Answer(FakeSlackRequest request)
    {
        var tokenError = CheckToken(request);
        if (tokenError is not null)
        {
            return FakeSlackResponse.Error(tokenError);
        }

        var limited = Simulate(request);
        if (limited is not null)
        {
            return limited;
        }

        Func<FakeSlackRequest, FakeSlackResponse?>? handler;
        lock (_lock)
        {
            _handlers.TryGetValue(request.Method, out handler);
        }

        return handler?.Invoke(request) ?? Default(request);
    }

    private static string? CheckToken(FakeSlackRequest request)
    {
        if (string.IsNullOrEmpty(request.Token))
        {
            return "not_authed";
        }

        var isAppToken = request.Token.StartsWith("xapp-", StringComparison.Ordinal);
        return request.Method == "apps.connections.open" ? (isAppToken ? null : "not_allowed_token_type")
            : isAppToken ? "not_allowed_token_type"
            : null;
    }

    private async Task<FakeSlackRequest> ReadRequest(HttpContext context, string method)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in context.Request.Query)
        {
            args[key] = value.ToString();
        }

        var contentType = context.Request.ContentType;
        if (contentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            foreach (var (key, value) in QueryHelpers.ParseQuery(body))
            {
                args[key] = value.ToString();
            }
        }
        else if (contentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true && body.Length > 0)
        {
            using var document = JsonDocument.Parse(body);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                args[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }
        }

        string? authorization = context.Request.Headers.Authorization;
        var token = authorization?.StartsWith("Bearer ", StringComparison.Ordinal) == true ? authorization["Bearer ".Length..] : args.GetValueOrDefault("token");
        return new FakeSlackRequest
        {
            Method = method,
            Authorization = authorization,
            Token = token,
            Args = args,
            ContentType = contentType,
            Body = body,
            Time = _time.GetUtcNow(),
        };
    }

    private static async Task Write(HttpContext context, FakeSlackResponse response)
    {
        context.Response.StatusCode = response.StatusCode;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }

        var body = response.Body ?? string.Empty;
        context.Response.ContentType = body.StartsWith('{') ? "application/json; charset=utf-8" : "text/html";
        await context.Response.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task HandleUpload(HttpContext context)
    {
        var fileId = (string)context.GetRouteValue("fileId")!;
        using var buffer = new MemoryStream();
        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            if (form.Files.Count > 0)
            {
                await form.Files[0].CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            }
        }
        else
        {
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        }

        lock (_lock)
        {
            if (!_files.TryGetValue(fileId, out var file))
            {
                context.Response.StatusCode = 404;
                return;
            }

            file.Content = buffer.ToArray();
            file.UploadAuthorization = context.Request.Headers.Authorization.Count == 0 ? null : context.Request.Headers.Authorization.ToString();
        }

        context.Response.StatusCode = 200;
        await context.Response.WriteAsync("OK - " + buffer.Length, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>POST /_control/enqueue</c> with <c>{"method":…, "rate_limited":7}</c>, <c>{"method":…, "error":"code"}</c>,
    /// <c>{"method":…, "server_error":500}</c> or <c>{"method":…, "json":{…}}</c>: scripting for out-of-process clients.
    /// </summary>
    private async Task HandleControlEnqueue(HttpContext context)
    {
        var command = await JsonSerializer.DeserializeAsync<JsonObject>(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        var method = command?["method"]?.GetValue<string>();
        FakeSlackResponse? response = command switch
        {
            null => null,
            _ when command["rate_limited"] is { } seconds => FakeSlackResponse.RateLimited(seconds.GetValue<int>()),
            _ when command["error"] is { } error => FakeSlackResponse.Error(error.GetValue<string>()),
            _ when command["server_error"] is { } status => FakeSlackResponse.ServerError(status.GetValue<int>()),
            _ when command["json"] is JsonObject json => FakeSlackResponse.Json(json.ToJsonString()),
            _ => null,
        };
        if (method is null || response is null)
        {
            context.Response.StatusCode = 400;
            return;
        }

        Enqueue(method, response);
        context.Response.StatusCode = 204;
    }

    /// <summary><c>POST /_control/users</c> with <c>[{"id":"U1","name":"ann","tz":"Europe/Paris"}, …]</c>.</summary>
    private async Task HandleControlUsers(HttpContext context)
    {
        var users = await JsonSerializer.DeserializeAsync<JsonArray>(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        foreach (var user in users ?? [])
        {
            AddUser(user!["id"]!.GetValue<string>(), user["name"]!.GetValue<string>(), user["tz"]?.GetValue<string>() ?? "America/New_York");
        }

        context.Response.StatusCode = 204;
    }

    // ---- Rate-limit simulation ------------------------------------------------------------------------------------

    private FakeSlackResponse? Simulate(FakeSlackRequest request)
    {
        lock (_lock)
        {
            if (_limits is null)
            {
                return null;
            }

            var now = _time.GetUtcNow();
            var perMinute = _limits.PerMinute.GetValueOrDefault(request.Method, _limits.DefaultPerMinute);
            var methodBucket = Bucket(request.Method, perMinute / 60.0, _limits.MethodBurst ?? perMinute, now);
            SimulatedBucket? channelBucket = null;
            if (request.Method == "chat.postMessage" && request.Arg("channel") is { } channel)
            {
                channelBucket = Bucket("chat.postMessage#" + channel, _limits.PostMessagePerChannelPerSecond, _limits.PostMessagePerChannelBurst, now);
            }

            var wait = Math.Max(methodBucket.SecondsUntilToken(now), channelBucket?.SecondsUntilToken(now) ?? 0);
            if (wait > 0)
            {
                return FakeSlackResponse.RateLimited((int)Math.Ceiling(wait));
            }

            methodBucket.Take();
            channelBucket?.Take();
            return null;
        }
    }

    private SimulatedBucket Bucket(string key, double perSecond, double burst, DateTimeOffset now)
    {
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            _buckets[key] = bucket = new SimulatedBucket(perSecond, Math.Max(1, burst), now);
        }

        return bucket;
    }

    // ---- Default answers ------------------------------------------------------------------------------------------

    private FakeSlackResponse Default(FakeSlackRequest request)
    {
        lock (_lock)
        {
            return request.Method switch
            {
                "auth.test" => Ok(new JsonObject
                {
                    ["url"] = "https://example.slack.com/",
                    ["team"] = "Example",
                    ["user"] = "championbot",
                    ["team_id"] = TeamId,
                    ["user_id"] = BotUserId,
                    ["bot_id"] = BotId,
                    ["is_enterprise_install"] = false,
                }),
                "chat.postMessage" => PostMessage(request),
                "chat.postEphemeral" => PostEphemeral(request),
                "chat.update" => UpdateMessage(request),
                "chat.delete" => DeleteMessage(request),
                "chat.getPermalink" => GetPermalink(request),
                "reactions.add" => AddReaction(request),
                "views.open" or "views.publish" or "views.update" => View(request),
                "users.info" => UserInfo(request),
                "users.list" => Paginate(request, _users.Select(UserJson).ToList<JsonNode>(), "members"),
                "conversations.open" => OpenConversation(request),
                "conversations.members" => Members(request),
                "conversations.info" => ConversationInfo(request),
                "usergroups.list" => UserGroups(request),
                "usergroups.users.list" => UserGroupUsers(request),
                "files.getUploadURLExternal" => GetUploadUrl(request),
                "files.completeUploadExternal" => CompleteUpload(request),
                "apps.connections.open" => SocketModeUrl is { } url ? Ok(new JsonObject { ["url"] = url }) : FakeSlackResponse.Error("socket_mode_not_enabled"),
                _ => FakeSlackResponse.Error("unknown_method"),
            };
        }
    }

    private FakeSlackResponse PostMessage(FakeSlackRequest request)
    {
        var channel = request.Arg("channel");
        if (string.IsNullOrEmpty(channel))
        {
            return FakeSlackResponse.Error("channel_not_found");
        }

        if (string.IsNullOrEmpty(request.Arg("text")) && string.IsNullOrEmpty(request.Arg("blocks")))
        {
            return FakeSlackResponse.Error("no_text");
        }

        if (request.Arg("blocks") is { } blocksText && !TryParseArray(blocksText, out _))
        {
            return FakeSlackResponse.Error("invalid_blocks", "[ERROR] blocks must be a JSON array");
        }

        if (channel[0] is 'U' or 'W')
        {
            channel = DmChannelId(channel);
        }

        var ts = NextTs();
        _messages[ts] = channel;
        var message = new JsonObject
        {
            ["type"] = "message",
            ["user"] = BotUserId,
            ["bot_id"] = BotId,
            ["text"] = request.Arg("text") ?? string.Empty,
            ["ts"] = ts,
        };
        if (request.Arg("blocks") is { } blocks)
        {
            message["blocks"] = JsonNode.Parse(blocks);
        }

        if (request.Arg("thread_ts") is { } threadTs)
        {
            message["thread_ts"] = threadTs;
        }

        Keep(FakeSlackMessageChange.Posted, channel, ts, request);
        return Ok(new JsonObject { ["channel"] = channel, ["ts"] = ts, ["message"] = message });
    }

    private FakeSlackResponse PostEphemeral(FakeSlackRequest request)
    {
        if (string.IsNullOrEmpty(request.Arg("channel")))
        {
            return FakeSlackResponse.Error("channel_not_found");
        }

        if (request.Arg("user") is not { Length: > 0 } user || FindUser(user) is null)
        {
            return FakeSlackResponse.Error("user_not_found");
        }

        if (string.IsNullOrEmpty(request.Arg("text")) && string.IsNullOrEmpty(request.Arg("blocks")))
        {
            return FakeSlackResponse.Error("no_text");
        }

        var ts = NextTs();
        _ephemeralTs.Add(ts);
        return Ok(new JsonObject { ["message_ts"] = ts });
    }

    private FakeSlackResponse UpdateMessage(FakeSlackRequest request)
    {
        var channel = request.Arg("channel") ?? string.Empty;
        var ts = request.Arg("ts") ?? string.Empty;
        if (_ephemeralTs.Contains(ts))
        {
            return FakeSlackResponse.Error("cant_update_message");
        }

        if (!_messages.TryGetValue(ts, out var postedIn) || postedIn != channel)
        {
            return FakeSlackResponse.Error("message_not_found");
        }

        Keep(FakeSlackMessageChange.Updated, channel, ts, request);
        return Ok(new JsonObject { ["channel"] = channel, ["ts"] = ts, ["text"] = request.Arg("text") ?? string.Empty });
    }

    private static FakeSlackResponse GetPermalink(FakeSlackRequest request)
    {
        var channel = request.Arg("channel");
        var ts = request.Arg("message_ts");
        if (string.IsNullOrEmpty(channel) || string.IsNullOrEmpty(ts))
        {
            return FakeSlackResponse.Error(string.IsNullOrEmpty(channel) ? "channel_not_found" : "message_not_found");
        }

        return Ok(new JsonObject
        {
            ["channel"] = channel,
            ["permalink"] = $"https://example.slack.com/archives/{channel}/p{ts.Replace(".", string.Empty, StringComparison.Ordinal)}",
        });
    }

    private FakeSlackResponse AddReaction(FakeSlackRequest request)
    {
        var name = request.Arg("name");
        var channel = request.Arg("channel");
        var ts = request.Arg("timestamp");
        if (string.IsNullOrEmpty(name) || name.Contains(':', StringComparison.Ordinal) && !name.Contains("::", StringComparison.Ordinal))
        {
            return FakeSlackResponse.Error("invalid_name");
        }

        if (string.IsNullOrEmpty(channel) || string.IsNullOrEmpty(ts))
        {
            return FakeSlackResponse.Error(string.IsNullOrEmpty(channel) ? "channel_not_found" : "message_not_found");
        }

        return _reactions.Add($"{channel}/{ts}/{name}") ? Ok([]) : FakeSlackResponse.Error("already_reacted");
    }

    private FakeSlackResponse View(FakeSlackRequest request)
    {
        if (request.Arg("view") is not { } viewText || JsonNode.Parse(viewText) is not JsonObject definition)
        {
            return FakeSlackResponse.Error("invalid_arguments", "[ERROR] missing required field: view");
        }

        JsonObject? existing = null;
        switch (request.Method)
        {
            case "views.open" when string.IsNullOrEmpty(request.Arg("trigger_id")):
                return FakeSlackResponse.Error("invalid_trigger_id");
            case "views.publish" when string.IsNullOrEmpty(request.Arg("user_id")):
                return FakeSlackResponse.Error("invalid_arguments", "[ERROR] missing required field: user_id");
            case "views.update":
                existing = request.Arg("view_id") is { } viewId ? _views.GetValueOrDefault(viewId)
                    : request.Arg("external_id") is { } externalId ? _views.Values.FirstOrDefault(v => (string?)v["external_id"] == externalId)
                    : null;
                if (existing is null)
                {
                    return FakeSlackResponse.Error("not_found");
                }

                if (request.Arg("hash") is { } hash && hash != (string?)existing["hash"])
                {
                    return FakeSlackResponse.Error("hash_conflict");
                }

                break;
        }

        var id = existing?["id"]?.GetValue<string>() ?? "V" + Interlocked.Increment(ref _sequence).ToString("D8", CultureInfo.InvariantCulture);
        var view = new JsonObject
        {
            ["id"] = id,
            ["team_id"] = TeamId,
            ["type"] = definition["type"]?.DeepClone() ?? (request.Method == "views.publish" ? "home" : "modal"),
            ["blocks"] = definition["blocks"]?.DeepClone() ?? new JsonArray(),
            ["private_metadata"] = definition["private_metadata"]?.DeepClone() ?? string.Empty,
            ["callback_id"] = definition["callback_id"]?.DeepClone() ?? string.Empty,
            ["external_id"] = definition["external_id"]?.DeepClone() ?? request.Arg("external_id") ?? string.Empty,
            ["hash"] = $"{_time.GetUtcNow().ToUnixTimeSeconds()}.{Interlocked.Increment(ref _sequence)}",
            ["state"] = new JsonObject { ["values"] = new JsonObject() },
            ["app_id"] = "A0APP",
            ["bot_id"] = BotId,
        };
        foreach (var name in (string[])["title", "submit", "close", "notify_on_close", "clear_on_close"])
        {
            if (definition[name] is { } value)
            {
                view[name] = value.DeepClone();
            }
        }

        _views[id] = view;
        return Ok(new JsonObject { ["view"] = view.DeepClone() });
    }

    private FakeSlackResponse UserInfo(FakeSlackRequest request) =>
        request.Arg("user") is { } id && FindUser(id) is { } user
            ? Ok(new JsonObject { ["user"] = UserJson(user) })
            : FakeSlackResponse.Error("user_not_found");

    private JsonObject UserJson(FakeSlackUser user)
    {
        var json = new JsonObject
        {
            ["id"] = user.Id,
            ["team_id"] = TeamId,
            ["name"] = user.Name,
            ["deleted"] = user.Deleted,
            ["real_name"] = user.RealName ?? user.Name,
            ["is_admin"] = user.IsAdmin,
            ["is_owner"] = false,
            ["is_bot"] = user.IsBot,
            ["is_app_user"] = user.IsAppUser,
            ["is_restricted"] = user.IsRestricted,
            ["is_ultra_restricted"] = user.IsUltraRestricted,
            ["updated"] = _time.GetUtcNow().ToUnixTimeSeconds(),
            ["profile"] = new JsonObject
            {
                ["display_name"] = user.DisplayName ?? string.Empty,
                ["real_name"] = user.RealName ?? user.Name,
                ["email"] = user.Email,
                ["image_48"] = $"https://avatars.example.com/{user.Id}_48.png",
            },
        };
        if (user.Tz is { } tz)
        {
            json["tz"] = tz;
            var zone = TimeZoneInfo.TryFindSystemTimeZoneById(tz, out var found) ? found : null;
            json["tz_label"] = zone?.StandardName ?? tz;
            json["tz_offset"] = (int)(zone?.GetUtcOffset(_time.GetUtcNow()).TotalSeconds ?? 0);
        }

        return json;
    }

    private FakeSlackResponse OpenConversation(FakeSlackRequest request)
    {
        var users = (request.Arg("users") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (users.Length == 0)
        {
            return request.Arg("channel") is { } existing ? Ok(new JsonObject { ["channel"] = new JsonObject { ["id"] = existing } }) : FakeSlackResponse.Error("users_list_not_supplied");
        }

        if (users.FirstOrDefault(u => FindUser(u) is null && u != BotUserId) is { } unknown)
        {
            return FakeSlackResponse.Error("user_not_found", $"[ERROR] unknown user {unknown}");
        }

        var id = users.Length == 1 ? DmChannelId(users[0]) : "G" + string.Join(string.Empty, users.Order(StringComparer.Ordinal).Select(u => u.TrimStart('U', 'W')));
        var channel = Channel(id);
        channel.IsIm = users.Length == 1;
        channel.IsMpim = users.Length > 1;
        channel.User = users.Length == 1 ? users[0] : null;
        channel.Members = [BotUserId, .. users];
        return Ok(new JsonObject { ["channel"] = new JsonObject { ["id"] = id } });
    }

    private FakeSlackResponse Members(FakeSlackRequest request) =>
        request.Arg("channel") is { } id && _channels.TryGetValue(id, out var channel)
            ? Paginate(request, channel.Members.Select(m => (JsonNode)JsonValue.Create(m)).ToList(), "members")
            : FakeSlackResponse.Error("channel_not_found");

    private FakeSlackResponse ConversationInfo(FakeSlackRequest request)
    {
        if (request.Arg("channel") is not { } id || !_channels.TryGetValue(id, out var channel))
        {
            return FakeSlackResponse.Error("channel_not_found");
        }

        var json = new JsonObject
        {
            ["id"] = channel.Id,
            ["is_channel"] = !channel.IsIm && !channel.IsMpim && !channel.IsPrivate,
            ["is_group"] = channel.IsPrivate,
            ["is_im"] = channel.IsIm,
            ["is_mpim"] = channel.IsMpim,
            ["is_private"] = channel.IsPrivate || channel.IsIm || channel.IsMpim,
            ["is_archived"] = channel.IsArchived,
            ["is_member"] = channel.IsMember,
        };
        if (!channel.IsIm)
        {
            json["name"] = channel.Name ?? channel.Id.ToLowerInvariant();
        }
        else
        {
            json["user"] = channel.User;
        }

        if (request.Arg("include_num_members") == "true" && !channel.IsIm)
        {
            json["num_members"] = channel.Members.Count;
        }

        return Ok(new JsonObject { ["channel"] = json });
    }

    private FakeSlackResponse UserGroups(FakeSlackRequest request)
    {
        var includeDisabled = request.Arg("include_disabled") == "true";
        var groups = new JsonArray();
        foreach (var group in _userGroups.Values.Where(g => includeDisabled || !g.Disabled))
        {
            var json = new JsonObject
            {
                ["id"] = group.Id,
                ["team_id"] = TeamId,
                ["name"] = group.Name,
                ["handle"] = group.Handle,
                ["description"] = string.Empty,
                ["date_delete"] = group.Disabled ? _time.GetUtcNow().ToUnixTimeSeconds() : 0,
            };
            if (request.Arg("include_count") == "true")
            {
                json["user_count"] = group.Users.Count;
            }

            if (request.Arg("include_users") == "true")
            {
                json["users"] = new JsonArray([.. group.Users.Select(u => (JsonNode)JsonValue.Create(u))]);
            }

            groups.Add(json);
        }

        return Ok(new JsonObject { ["usergroups"] = groups });
    }

    private FakeSlackResponse UserGroupUsers(FakeSlackRequest request)
    {
        if (request.Arg("usergroup") is not { } id || !_userGroups.TryGetValue(id, out var group))
        {
            return FakeSlackResponse.Error("no_such_subteam");
        }

        if (group.Disabled && request.Arg("include_disabled") != "true")
        {
            return FakeSlackResponse.Error("no_such_subteam");
        }

        return Ok(new JsonObject { ["users"] = new JsonArray([.. group.Users.Select(u => (JsonNode)JsonValue.Create(u))]) });
    }

    private FakeSlackResponse GetUploadUrl(FakeSlackRequest request)
    {
        if (request.Arg("filename") is not { Length: > 0 } fileName)
        {
            return FakeSlackResponse.Error("invalid_arguments", "[ERROR] missing required field: filename");
        }

        if (!int.TryParse(request.Arg("length"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var length) || length < 1)
        {
            return FakeSlackResponse.Error("invalid_arguments", "[ERROR] missing required field: length");
        }

        var id = "F" + Interlocked.Increment(ref _sequence).ToString("D8", CultureInfo.InvariantCulture);
        _files[id] = new FakeSlackFile { Id = id, FileName = fileName, DeclaredLength = length };
        return Ok(new JsonObject { ["upload_url"] = new Uri(RootUrl, "upload/" + id).ToString(), ["file_id"] = id });
    }

    private FakeSlackResponse CompleteUpload(FakeSlackRequest request)
    {
        if (request.Arg("files") is not { } filesText || !TryParseArray(filesText, out var files) || files.Count == 0)
        {
            return FakeSlackResponse.Error("invalid_arguments", "[ERROR] missing required field: files");
        }

        var result = new JsonArray();
        foreach (var reference in files)
        {
            var id = reference?["id"]?.GetValue<string>() ?? string.Empty;
            if (!_files.TryGetValue(id, out var file) || file.Content is null)
            {
                return FakeSlackResponse.Error("file_not_found");
            }

            if (file.Content.Length != file.DeclaredLength)
            {
                return FakeSlackResponse.Error("file_upload_size_mismatch");
            }

            file.Title = reference?["title"]?.GetValue<string>() ?? file.FileName;
            file.ChannelId = request.Arg("channel_id");
            file.InitialComment = request.Arg("initial_comment");
            file.Completed = true;
            result.Add(new JsonObject { ["id"] = file.Id, ["title"] = file.Title, ["name"] = file.FileName, ["size"] = file.Content.Length });
        }

        return Ok(new JsonObject { ["files"] = result });
    }

    // ---- Helpers --------------------------------------------------------------------------------------------------

    private static FakeSlackResponse Paginate(FakeSlackRequest request, IReadOnlyList<JsonNode> items, string property)
    {
        var offset = 0;
        if (request.Arg("cursor") is { Length: > 0 } cursor)
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
                offset = decoded.StartsWith("offset:", StringComparison.Ordinal) ? int.Parse(decoded["offset:".Length..], CultureInfo.InvariantCulture) : -1;
            }
            catch (FormatException)
            {
                offset = -1;
            }

            if (offset < 0 || offset > items.Count)
            {
                return FakeSlackResponse.Error("invalid_cursor");
            }
        }

        var limit = int.TryParse(request.Arg("limit"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) && l > 0 ? Math.Min(l, 1000) : 1000;
        var page = items.Skip(offset).Take(limit).Select(i => i.DeepClone()).ToArray();
        var next = offset + page.Length < items.Count
            ? Convert.ToBase64String(Encoding.UTF8.GetBytes($"offset:{offset + page.Length}"))
            : string.Empty;
        return Ok(new JsonObject
        {
            [property] = new JsonArray(page),
            ["response_metadata"] = new JsonObject { ["next_cursor"] = next },
        });
    }

    private static FakeSlackResponse Ok(JsonObject payload)
    {
        var body = new JsonObject { ["ok"] = true };
        foreach (var (key, value) in payload)
        {
            body[key] = value?.DeepClone();
        }

        return FakeSlackResponse.Json(body.ToJsonString());
    }

    private static bool TryParseArray(string text, out JsonArray array)
    {
        try
        {
            if (JsonNode.Parse(text) is JsonArray parsed)
            {
                array = parsed;
                return true;
            }
        }
        catch (JsonException)
        {
        }

        array = [];
        return false;
    }

    private FakeSlackUser? FindUser(string id) => _users.FirstOrDefault(u => u.Id == id);

    private FakeChannel Channel(string id)
    {
        if (!_channels.TryGetValue(id, out var channel))
        {
            _channels[id] = channel = new FakeChannel(id);
        }

        return channel;
    }

    /// <summary>A new message timestamp, unique in this workspace and increasing (for messages people post).</summary>
    public string NextTs()
    {
        var sequence = Interlocked.Increment(ref _sequence);
        return $"{_time.GetUtcNow().ToUnixTimeSeconds()}.{sequence % 1_000_000:D6}";
    }

    private sealed class FakeChannel(string id)
    {
        public string Id { get; } = id;

        public string? Name { get; set; }

        public bool IsPrivate { get; set; }

        public bool IsArchived { get; set; }

        public bool IsMember { get; set; } = true;

        public bool IsIm { get; set; }

        public bool IsMpim { get; set; }

        public string? User { get; set; }

        public List<string> Members { get; set; } = [];
    }

    private sealed record FakeUserGroup(string Id, string Handle, string Name, List<string> Users, bool Disabled);

    private sealed class SimulatedBucket(double perSecond, double capacity, DateTimeOffset now)
    {
        private readonly double _capacity = capacity;
        private double _tokens = capacity;
        private DateTimeOffset _last = now;

        public double SecondsUntilToken(DateTimeOffset at)
        {
            _tokens = Math.Min(_capacity, _tokens + ((at - _last).TotalSeconds * perSecond));
            _last = at;
            return _tokens >= 1 ? 0 : (1 - _tokens) / perSecond;
        }

        public void Take() => _tokens -= 1;
    }
}
