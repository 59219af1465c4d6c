using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Moq;
using SlackChampionBot.Sandbox;
using SlackChampionBot.TestSupport;
using SlackChampionBot.Slack.Dispatch;
using SlackChampionBot.Slack.Interaction;
using SlackChampionBot.Slack.SocketMode;
using SlackChampionBot.Slack.WebApi;

namespace SlackChampionBot.Slack.Tests.SocketMode;

/// <summary>An <see cref="ISlackInboundDispatcher"/> that records calls and can hold or fail them on request.</summary>
internal sealed class RecordingDispatcher : ISlackInboundDispatcher
{
    public ConcurrentQueue<(byte[] Body, int RetryNum, string Transport)> Events { get; } = new();

    public ConcurrentQueue<SlashCommand> Commands { get; } = new();

    public ConcurrentQueue<JsonElement> Interactions { get; } = new();

    /// <summary>When set, AcceptEvent waits for it before returning (the inbox write is "slow").</summary>
    public TaskCompletionSource? EventGate { get; set; }

    /// <summary>When set, AcceptEvent throws it (the inbox write failed).</summary>
    public Exception? EventFailure { get; set; }

    public SlashCommandResponse? CommandResponse { get; set; }

    public object? InteractionResult { get; set; }

    /// <summary>Events whose AcceptEvent call has returned successfully.</summary>
    public int CompletedEvents => Volatile.Read(ref _completedEvents);

    private int _completedEvents;

    public async Task<bool> AcceptEvent(EventEnvelope envelope, ReadOnlyMemory<byte> eventCallbackJson, int retryNum, string transport, CancellationToken cancellationToken)
    {
        Events.Enqueue((eventCallbackJson.ToArray(), retryNum, transport));
        if (EventFailure is { } failure)
        {
            throw failure;
        }

        if (EventGate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        Interlocked.Increment(ref _completedEvents);
        return true;
    }

    public Task<SlashCommandResponse?> DispatchSlashCommand(SlashCommand command, string transport, CancellationToken cancellationToken)
    {
        Commands.Enqueue(command);
        return Task.FromResult(CommandResponse);
    }

    public Task<object?> DispatchInteraction(JsonElement payload, string transport, CancellationToken cancellationToken)
    {
        Interactions.Enqueue(payload.Clone());
        return Task.FromResult(InteractionResult);
    }
}

/// <summary>apps.connections.open against the fake's own HTTP endpoint, the way the real client would call it.</summary>
internal sealed class HttpAppsConnectionsApi(HttpClient http, Uri apiUrl, string appToken) : IAppsConnectionsApi
{
    public async Task<ConnectionOpenResponse> Open(CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(apiUrl, "apps.connections.open"))
        {
            Content = new FormUrlEncodedContent([]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", appToken);
        using var response = await http.SendAsync(request, cancellationToken);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        if (!json.RootElement.GetProperty("ok").GetBoolean())
        {
            throw new SlackException(json.RootElement.GetProperty("error").GetString()!, "apps.connections.open");
        }

        return new ConnectionOpenResponse { Url = json.RootElement.GetProperty("url").GetString()! };
    }
}

/// <summary>The Socket Mode client built through <c>AddSlackSocketMode</c>, wired to a fake server and a recording dispatcher.</summary>
internal sealed class SocketModeHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly HttpClient _http = new();
    private bool _started;

    private SocketModeHarness(FakeSocketModeServer server, int connections, Action<SocketModeOptions>? configure, bool useSocketMode)
    {
        Server = server;
        var api = new Mock<ISlackApiClient>();
        api.Setup(a => a.AppsConnectionsApi).Returns(new HttpAppsConnectionsApi(_http, server.ApiUrl, "xapp-1-TEST"));
        var services = new ServiceCollection();
        services.AddLogging(l => l.AddProvider(Logs));
        services.Configure<SlackAdapterOptions>(o =>
        {
            o.AppLevelToken = "xapp-1-TEST";
            o.UseSocketMode = useSocketMode;
            o.SocketModeConnections = connections;
        });
        services.Configure<SocketModeOptions>(o =>
        {
            o.ConnectionStagger = TimeSpan.FromMilliseconds(100);
            o.InitialBackoff = TimeSpan.FromMilliseconds(50);
            o.MaxBackoff = TimeSpan.FromMilliseconds(400);
            o.ConnectTimeout = TimeSpan.FromSeconds(5);
            o.DrainTimeout = TimeSpan.FromSeconds(5);
            configure?.Invoke(o);
        });
        services.AddSingleton<ISlackInboundDispatcher>(Dispatcher);
        services.AddSingleton(api.Object);
        services.AddSlackSocketMode();
        _provider = services.BuildServiceProvider();
    }

    public FakeSocketModeServer Server { get; }

    public RecordingDispatcher Dispatcher { get; } = new();

    /// <summary>What the client logged (each line once, in order), for facts a later status would overwrite.</summary>
    public LogCapture Logs { get; } = new();

    public SocketModeStatus Status => _provider.GetRequiredService<SocketModeStatus>();

    public IHostedService Client => _provider.GetServices<IHostedService>().Single();

    public static async Task<SocketModeHarness> Create(int connections = 2, Action<SocketModeOptions>? configure = null, bool useSocketMode = true) =>
        new(await FakeSocketModeServer.StartAsync(), connections, configure, useSocketMode);

    public async Task Start()
    {
        _started = true;
        await Client.StartAsync(CancellationToken.None);
    }

    public async Task Stop()
    {
        _started = false;
        // A backstop against a hang, not a speed claim: 15 s ran out once in a loaded 10-run loop (load average 20).
        await Client.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await Stop();
        }

        await _provider.DisposeAsync();
        await Server.DisposeAsync();
        _http.Dispose();
    }
}
