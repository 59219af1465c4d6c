using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SlackChampionBot.Sandbox;
using SlackChampionBot.TestSupport;
using SlackChampionBot.Slack.WebApi;

namespace SlackChampionBot.Slack.Tests.WebApi;

/// <summary>A fake Slack on loopback plus an <see cref="ISlackApiClient"/> resolved from DI and pointed at it.</summary>
internal sealed class SlackWebApiTestHost : IAsyncDisposable
{
    public const string BotToken = "xoxb-test-token";
    public const string AppToken = "xapp-test-token";

    private readonly ServiceProvider _services;

    private SlackWebApiTestHost(FakeSlackWebApi fake, ServiceProvider services, TimeProvider time)
    {
        Fake = fake;
        _services = services;
        Time = time;
        Client = services.GetRequiredService<ISlackApiClient>();
    }

    public FakeSlackWebApi Fake { get; }

    public ISlackApiClient Client { get; }

    public TimeProvider Time { get; }

    /// <summary>
    /// Starts the fake and a client. Pacing is off and the attempt timeout long unless <paramref name="configure"/>
    /// says otherwise; <paramref name="time"/> (if given) drives both the client's waits and the fake's clock.
    /// </summary>
    public static async Task<SlackWebApiTestHost> Start(Action<SlackAdapterOptions>? configure = null, TimeProvider? time = null, Uri? apiBaseUrl = null)
    {
        time ??= TimeProvider.System;
        var fake = await FakeSlackWebApi.StartAsync(time);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(time);
        services.AddOptions<SlackAdapterOptions>().Configure(o =>
        {
            o.ApiToken = BotToken;
            o.AppLevelToken = AppToken;
            o.ApiBaseUrl = apiBaseUrl ?? fake.BaseUrl;
            o.Pacing.Enabled = false;
            o.Retries.RequestTimeout = TimeSpan.FromMinutes(5);
            configure?.Invoke(o);
        });
        services.AddSlackWebApi();
        var inFlight = new InFlightRequests();
        services.AddHttpClient(SlackApiTransport.HttpClientName).AddHttpMessageHandler(() => new InFlightHandler(inFlight));
        return new SlackWebApiTestHost(fake, services.BuildServiceProvider(), time) { InFlight = inFlight };
    }

    /// <summary>The client's requests between being sent and their answer arriving (both ways over loopback).</summary>
    public InFlightRequests InFlight { get; private init; } = new();

    /// <summary>
    /// Runs <paramref name="task"/> to completion, advancing the fake clock in steps of <paramref name="step"/> (100 ms)
    /// only while no request of the client is on its way: waits on the clock (Retry-After, backoff, pacing) pass, and a
    /// request in transit on a slow machine never sees the clock run on under it (its attempt timeout, the fake's rate
    /// window). Bounded by 60 s of real time.
    /// </summary>
    public async Task<T> Drive<T>(Task<T> task, TimeSpan? step = null)
    {
        await Drive((Task)task, step);
        return await task;
    }

    public async Task Drive(Task task, TimeSpan? step = null)
    {
        var time = (FakeTimeProvider)Time;
        var realTime = Stopwatch.StartNew();
        while (!task.IsCompleted)
        {
            if (realTime.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"The call did not complete while fake time was advanced ({InFlight.Count} request(s) in flight).");
            }

            await Task.WhenAny(task, Task.Delay(5));
            if (!task.IsCompleted && InFlight.Count == 0)
            {
                time.Advance(step ?? TimeSpan.FromMilliseconds(100));
            }
        }

        await task;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Fake.DisposeAsync();
    }
}

internal sealed class InFlightRequests
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Enter() => Interlocked.Increment(ref _count);

    public void Leave() => Interlocked.Decrement(ref _count);
}

internal sealed class InFlightHandler(InFlightRequests inFlight) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        inFlight.Enter();
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            return response;
        }
        finally
        {
            inFlight.Leave();
        }
    }
}
