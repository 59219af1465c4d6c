using SlackChampionBot.Slack.AspNetCore;
using SlackChampionBot.Slack.Extensions.DependencyInjection;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SlackChampionBot.Sandbox;
using SlackChampionBot.Slack.Http;
using SlackChampionBot.Slack.Inbox;
using SlackChampionBot.TestSupport;

namespace SlackChampionBot.Slack.Tests.TestSupport;

/// <summary>The adapter in a minimal ASP.NET Core host on a TestServer, with the in-memory inbox and a fake clock.</summary>
internal sealed class SlackTestHost : IAsyncDisposable
{
    public const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    public static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(1531420618);

    private SlackTestHost(WebApplication app, ObservedFakeTime time)
    {
        App = app;
        Time = time;
        Client = app.GetTestClient();
    }

    public WebApplication App { get; }

    /// <summary>The host's clock; it knows when the dispatcher (the only thing here that waits on it) is asleep.</summary>
    public ObservedFakeTime Time { get; }

    public HttpClient Client { get; }

    public Recorder Recorder => App.Services.GetRequiredService<Recorder>();

    public InMemorySlackEventInbox Inbox => (InMemorySlackEventInbox)App.Services.GetRequiredService<ISlackEventInbox>();

    public static async Task<SlackTestHost> StartAsync(
        Action<ServiceCollectionSlackServiceConfiguration>? configure = null,
        string? secret = Secret,
        bool socketMode = false,
        Action<IServiceProvider>? beforeStart = null,
        Action<IServiceCollection>? services = null)
    {
        var time = new ObservedFakeTime(Start);
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<Recorder>();
        builder.Services.AddScoped<ScopeMarker>();
        builder.Services.AddSingleton<FlakyConfig>();
        builder.Services.AddSlackNet(c =>
        {
            c.UseApiToken("xoxb-test").UseSigningSecret(secret).UseSocketMode(socketMode);
            configure?.Invoke(c);
        });
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.UseSlackNet();
        beforeStart?.Invoke(app.Services);
        await app.StartAsync();
        return new SlackTestHost(app, time);
    }

    public Task<HttpResponseMessage> PostEvent(string json, int? retryNum = null, string? signature = null, string? timestamp = null) =>
        Post("/slack/event", Encoding.UTF8.GetBytes(json), "application/json", retryNum, signature, timestamp);

    public Task<HttpResponseMessage> PostForm(string path, string form, string? signature = null, string? timestamp = null) =>
        Post(path, Encoding.UTF8.GetBytes(form), "application/x-www-form-urlencoded", null, signature, timestamp);

    public Task<HttpResponseMessage> PostPayload(string path, string payloadJson) =>
        PostForm(path, "payload=" + Uri.EscapeDataString(payloadJson));

    public async Task<HttpResponseMessage> Post(string path, byte[] body, string contentType, int? retryNum = null, string? signature = null, string? timestamp = null, bool sendLength = true)
    {
        var ts = timestamp ?? Time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Content = sendLength ? new ByteArrayContent(body) : new StreamContent(new NonSeekableStream(body));
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Add(SlackSignature.TimestampHeader, ts);
        request.Headers.Add(SlackSignature.SignatureHeader, signature ?? SlackSignature.Sign(Secret, ts, body));
        if (retryNum is not null)
        {
            request.Headers.Add("X-Slack-Retry-Num", retryNum.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        }

        return await Client.SendAsync(request);
    }

    public static string MessageEvent(string eventId, string text = "hello", string? subtype = null, string team = "T111") =>
        $$"""{"token":"x","team_id":"{{team}}","api_app_id":"A111","event":{"type":"message",{{(subtype is null ? "" : $"\"subtype\":\"{subtype}\",")}}"channel":"C111","user":"U222","text":"{{text}}","ts":"1610241741.000200","event_ts":"1610241741.000200","channel_type":"channel"},"type":"event_callback","event_id":"{{eventId}}","event_time":1610241741,"authorizations":[{"enterprise_id":null,"team_id":"{{team}}","user_id":"U222","is_bot":true}],"is_ext_shared_channel":false}""";

    public static string Event(string eventId, string eventJson, string team = "T111") =>
        $$"""{"type":"event_callback","team_id":"{{team}}","event_id":"{{eventId}}","event_time":1610241741,"event":{{eventJson}}}""";

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    /// <summary>Waits (bounded) for a condition the background dispatcher makes true; not a timing assertion.</summary>
    public static Task WaitUntil(Func<bool> condition, string what) => Eventually.Until(condition, what, TimeSpan.FromSeconds(10));

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
