using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SlackChampionBot.Sandbox;
using SlackChampionBot.TestSupport;
using SlackChampionBot.Features.Workspaces;
using SlackChampionBot.Persistence;
using SlackChampionBot.Persistence.Inbox;
using SlackChampionBot.Slack;
using SlackChampionBot.Slack.Http;
using SlackChampionBot.Slack.Inbox;
using SlackChampionBot.Slack.SocketMode;

namespace SlackChampionBot.Tests.Support;

/// <summary>
/// The real host, talking to a fake Slack the way Slack talks: signed HTTP requests in (or Socket Mode envelopes from
/// <see cref="FakeSocketModeServer"/>), Web API calls out to <see cref="FakeSlackWebApi"/> on loopback, a database of its
/// own (<see cref="TestDatabase"/>), and a <see cref="FakeTimeProvider"/> as the host's clock (client-side pacing is off so nothing waits on it).
/// </summary>
internal sealed class BotHarness : IAsyncDisposable
{
    public const string TeamId = FakeSlackWebApi.TeamId;
    public const string BotUserId = FakeSlackWebApi.BotUserId;

    private BotFactory? _factory;
    private HttpClient? _client;
    private int _eventCounter;

    private BotHarness(FakeSlackWebApi slack, ObservedFakeTime time)
    {
        Slack = slack;
        Time = time;
    }

    /// <summary>The fake Web API: records every call the bot makes, scriptable to answer 429, 5xx, ok:false.</summary>
    public FakeSlackWebApi Slack { get; }

    /// <summary>The fake Socket Mode server, when started with <see cref="StartSocketMode"/>.</summary>
    public FakeSocketModeServer? SocketMode { get; private set; }

    /// <summary>The host's clock. Starts at <see cref="DefaultStart"/> unless given.</summary>
    /// <summary>The host's clock (an <see cref="ObservedFakeTime"/>: tests can wait until the bot sleeps on it).</summary>
    public ObservedFakeTime Time { get; }

    public static DateTimeOffset DefaultStart { get; } = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public IServiceProvider Services => _factory!.Services;

    /// <summary>The bot's database (created for this harness, dropped with it).</summary>
    public TestDatabase Database { get; } = TestDatabase.Create();

    /// <summary>The SQLite file, for tests about the file (SQLite only).</summary>
    public string DatabasePath => Database.FilePath ?? throw new InvalidOperationException("not a SQLite database: this test reads SQLite's file");

    /// <summary>
    /// Starts the bot in HTTP mode with <paramref name="settings"/> over the defaults, and waits until it knows who it is.
    /// <paramref name="arrange"/> fills the fake Slack before the host starts (e.g. user groups the start-up sync reads).
    /// </summary>
    public static Task<BotHarness> Start(IDictionary<string, string?>? settings = null, DateTimeOffset? now = null, Action<IServiceCollection>? services = null, Action<FakeSlackWebApi>? arrange = null) =>
        StartCore(socketMode: false, settings, now, services, arrange);

    /// <summary>Starts the bot in Socket Mode against <see cref="SocketMode"/> (one connection unless settings say otherwise).</summary>
    public static Task<BotHarness> StartSocketMode(IDictionary<string, string?>? settings = null, DateTimeOffset? now = null, Action<IServiceCollection>? services = null) =>
        StartCore(socketMode: true, settings, now, services, arrange: null);

    private static async Task<BotHarness> StartCore(bool socketMode, IDictionary<string, string?>? settings, DateTimeOffset? now, Action<IServiceCollection>? services, Action<FakeSlackWebApi>? arrange)
    {
        var slack = await FakeSlackWebApi.StartAsync();
        arrange?.Invoke(slack);
        var harness = new BotHarness(slack, new ObservedFakeTime(now ?? DefaultStart));
        try
        {
            var all = TestSettings.Valid(harness.Database);
            all["Slack:ApiBaseUrl"] = slack.BaseUrl.ToString();
            if (socketMode)
            {
                harness.SocketMode = await FakeSocketModeServer.StartAsync();
                slack.ServeSocketModeUrls(harness.SocketMode.NextConnectionUrl);
                all["Slack:UseSocketMode"] = "true";
            }

            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                all[key] = value;
            }

            harness._factory = new BotFactory(all, web => web.ConfigureTestServices(s =>
            {
                s.AddSingleton<TimeProvider>(harness.Time);
                s.Configure<SlackAdapterOptions>(o => o.Pacing.Enabled = false);
                s.Configure<SocketModeOptions>(o =>
                {
                    o.ConnectionStagger = TimeSpan.Zero;
                    o.InitialBackoff = TimeSpan.FromMilliseconds(10);
                });
                services?.Invoke(s);
            }));
            harness._client = harness._factory.CreateClient();

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await harness.Services.GetRequiredService<SlackConnection>().WaitForIdentity(cts.Token);
            if (socketMode)
            {
                var expected = int.TryParse(all.GetValueOrDefault("Slack:SocketModeConnections"), out var n) ? n : 2;
                await FakeSocketModeServer.WaitUntil(() => harness.Services.GetRequiredService<SocketModeStatus>().ConnectedSockets >= expected, TimeSpan.FromSeconds(30));
            }
        }
        catch
        {
            await harness.DisposeAsync(); // a host that did not start must not keep running (and holding its database)
            throw;
        }

        return harness;
    }

    /// <summary>A new scope's BotDbContext, for arranging and asserting on the real database.</summary>
    public async Task<T> Db<T>(Func<BotDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<BotDbContext>());
    }

    public async Task Db(Func<BotDbContext, Task> action)
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<BotDbContext>());
    }

    /// <summary>Resolves <typeparamref name="T"/> in a new scope and runs <paramref name="action"/> with it.</summary>
    public async Task<TResult> InScope<T, TResult>(Func<T, Task<TResult>> action)
        where T : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<T>());
    }

    /// <summary>Wraps an inner event in an event_callback envelope (team, event_id, event_time).</summary>
    public JsonObject EventCallback(object innerEvent, string? eventId = null)
    {
        var inner = innerEvent as JsonNode ?? JsonSerializer.SerializeToNode(innerEvent, SlackJson.Options)!;
        return new JsonObject
        {
            ["token"] = "legacy-token-ignored",
            ["team_id"] = TeamId,
            ["api_app_id"] = "A0APP",
            ["event"] = inner,
            ["type"] = "event_callback",
            ["event_id"] = eventId ?? $"Ev{Interlocked.Increment(ref _eventCounter):D6}{Guid.NewGuid():N}"[..20],
            ["event_time"] = Time.GetUtcNow().ToUnixTimeSeconds(),
        };
    }

    /// <summary>POSTs a signed event to /slack/event, like Slack's Events API (optionally as retry number <paramref name="retryNum"/>).</summary>
    public Task<HttpResponseMessage> SendEvent(object innerEvent, string? eventId = null, int? retryNum = null) =>
        PostSigned("/slack/event", EventCallback(innerEvent, eventId).ToJsonString(), "application/json", retryNum);

    /// <summary>Sends an event and waits until the background dispatcher has processed everything in the inbox.</summary>
    public async Task<HttpResponseMessage> SendEventAndWait(object innerEvent, string? eventId = null, int? retryNum = null)
    {
        var response = await SendEvent(innerEvent, eventId, retryNum);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await WaitForEventsProcessed();
        return response;
    }

    /// <summary>A signed slash command; returns the JSON answer (null for an empty 200).</summary>
    public async Task<JsonNode?> SendCommand(string command, string text, string userId, string channelId = "C0GENERAL", string? triggerId = null)
    {
        var form = new Dictionary<string, string>
        {
            ["token"] = "legacy",
            ["team_id"] = TeamId,
            ["team_domain"] = "champions",
            ["channel_id"] = channelId,
            ["channel_name"] = "general",
            ["user_id"] = userId,
            ["user_name"] = userId.ToLowerInvariant(),
            ["command"] = command,
            ["text"] = text,
            ["api_app_id"] = "A0APP",
            ["response_url"] = $"{Slack.RootUrl}commands/{TeamId}/1/xyz",
            ["trigger_id"] = triggerId ?? $"trigger.{Guid.NewGuid():N}",
        };
        var response = await PostSigned("/slack/command", Form(form), "application/x-www-form-urlencoded");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Json(response);
    }

    /// <summary>A signed interactivity payload (block_actions, view_submission, …); returns the JSON answer or null.</summary>
    public async Task<JsonNode?> SendInteraction(object payload)
    {
        var json = payload as string ?? (payload as JsonNode)?.ToJsonString() ?? JsonSerializer.Serialize(payload, SlackJson.Options);
        var response = await PostSigned("/slack/action", Form(new Dictionary<string, string> { ["payload"] = json }), "application/x-www-form-urlencoded");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Json(response);
    }

    /// <summary>A block_actions payload for a button click in a message.</summary>
    public static JsonObject ButtonClick(string userId, string actionId, string value, string channelId, string messageTs, string blockId = "b") => new()
    {
        ["type"] = "block_actions",
        ["user"] = new JsonObject { ["id"] = userId, ["username"] = userId.ToLowerInvariant(), ["team_id"] = TeamId },
        ["team"] = new JsonObject { ["id"] = TeamId, ["domain"] = "champions" },
        ["api_app_id"] = "A0APP",
        ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = messageTs, ["channel_id"] = channelId, ["is_ephemeral"] = false },
        ["channel"] = new JsonObject { ["id"] = channelId, ["name"] = "dm" },
        ["trigger_id"] = $"trigger.{Guid.NewGuid():N}",
        ["response_url"] = "https://hooks.slack.com/actions/T0TEAM/1/abc",
        ["message"] = new JsonObject { ["type"] = "message", ["ts"] = messageTs, ["text"] = "", ["user"] = BotUserId },
        ["actions"] = new JsonArray(new JsonObject
        {
            ["type"] = "button",
            ["action_id"] = actionId,
            ["block_id"] = blockId,
            ["value"] = value,
            ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = value },
            ["action_ts"] = "1700000000.000100",
        }),
    };

    /// <summary>A view_submission payload with <c>state.values</c> built from (block_id, action_id) → element value JSON.</summary>
    public static JsonObject ViewSubmission(string userId, string callbackId, JsonObject stateValues, string? privateMetadata = null) => new()
    {
        ["type"] = "view_submission",
        ["team"] = new JsonObject { ["id"] = TeamId, ["domain"] = "champions" },
        ["user"] = new JsonObject { ["id"] = userId, ["username"] = userId.ToLowerInvariant(), ["team_id"] = TeamId },
        ["api_app_id"] = "A0APP",
        ["trigger_id"] = $"trigger.{Guid.NewGuid():N}",
        ["view"] = new JsonObject
        {
            ["id"] = "V0VIEW",
            ["team_id"] = TeamId,
            ["type"] = "modal",
            ["callback_id"] = callbackId,
            ["private_metadata"] = privateMetadata ?? "",
            ["state"] = new JsonObject { ["values"] = stateValues },
        },
    };

    /// <summary>Waits until the inbox has nothing pending that is due (handlers ran); fails with the errors of failed rows.</summary>
    public async Task WaitForEventsProcessed(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var rows = await Db(db => db.Set<SlackEventInboxEntry>().AsNoTracking().ToListAsync());
            var now = Time.GetUtcNow().UtcDateTime;
            // Pending and due, or pending and claimed: PostgreSQL's inbox moves a claimed row's due time a lease ahead
            // (SQLite's leaves it), so a row not yet due and never failed is one whose handlers are running. A row
            // waiting for a retry has failed before (it has an error) and is not waited for.
            var waiting = rows.Where(r => r.Status == SlackInboxStatus.Pending && (r.NextAttemptAt <= now || r.LastError is null)).ToList();
            if (waiting.Count == 0)
            {
                var failed = rows.Where(r => r.LastError is not null).Select(r => $"{r.EventId} ({r.EventType}): {r.LastError}").ToList();
                Assert.True(failed.Count == 0, "Event handlers failed:\n" + string.Join("\n", failed));
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{waiting.Count} inbox event(s) still pending: {string.Join(", ", waiting.Select(w => w.EventType))}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>A GET through the host's test client (e.g. <c>/readyz</c>).</summary>
    public Task<HttpResponseMessage> Get(string path) => _client!.GetAsync(path);

    /// <summary>POSTs a body signed with the configured signing secret at the fake clock's time.</summary>
    public Task<HttpResponseMessage> PostSigned(string path, string body, string contentType, int? retryNum = null, string? signature = null, long? timestamp = null)
    {
        var ts = (timestamp ?? Time.GetUtcNow().ToUnixTimeSeconds()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        request.Headers.Add("X-Slack-Request-Timestamp", ts);
        request.Headers.Add("X-Slack-Signature", signature ?? SlackSignature.Sign(TestSettings.SigningSecret, ts, bytes));
        if (retryNum is { } retry)
        {
            request.Headers.Add("X-Slack-Retry-Num", retry.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        }

        return _client!.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _client?.Dispose();
            if (_factory is not null)
            {
                await _factory.DisposeAsync();
            }

            if (SocketMode is not null)
            {
                await SocketMode.DisposeAsync();
            }

            await Slack.DisposeAsync();
        }
        finally
        {
            await Database.DisposeAsync(); // also when stopping the host failed: no database outlives its test
        }
    }

    private static string Form(IDictionary<string, string> fields) =>
        string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));

    private static async Task<JsonNode?> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
    }
}
