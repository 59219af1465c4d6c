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
        return new SlackWebApiTestHost(fake, services.BuildServiceProvider(), time);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Fake.DisposeAsync();
    }
}

internal static class FakeTimeDriver
{
    /// <summary>
    /// Advances fake time in small steps until <paramref name="task"/> completes (bounded by 60 s of real time),
    /// so waits on TimeProvider elapse while real HTTP round trips on loopback keep happening.
    /// </summary>
    public static async Task<T> Drive<T>(this FakeTimeProvider time, Task<T> task, TimeSpan? step = null)
    {
        await Drive(time, (Task)task, step);
        return await task;
    }

    public static async Task Drive(this FakeTimeProvider time, Task task, TimeSpan? step = null)
    {
        var realTime = Stopwatch.StartNew();
        while (!task.IsCompleted)
        {
            if (realTime.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException("The call did not complete while fake time was advanced.");
            }

            await Task.WhenAny(task, Task.Delay(5));
            if (!task.IsCompleted)
            {
                time.Advance(step ?? TimeSpan.FromMilliseconds(100));
            }
        }

        await task;
    }
}
