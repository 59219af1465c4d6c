using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SlackChampionBot.Hosting;

namespace SlackChampionBot.Tests.Hosting;

/// <summary>
/// The stop that outlasts <c>Hosting:ShutdownSeconds</c>: the host cancels the stop of every service still stopping and
/// rethrows their <see cref="OperationCanceledException"/>s; Program's run must end normally with the one line, not
/// crash (it crashed with exit code 134 in CI when Hangfire's server was still stopping after 5 s).
/// </summary>
public sealed class ShutdownBudgetTests
{
    [Theory]
    [InlineData(1)] // the host rethrows the one exception as it is
    [InlineData(2)] // and several as an AggregateException
    public async Task RunWithin_ServicesStillStoppingWhenTheBudgetRunsOut_EndsWithTheOneLineInsteadOfThrowing(int slowServices) =>
        Assert.Equal(ShutdownBudget.Spent, (await RunAndStop(slowServices)).Trim());

    [Fact]
    public async Task RunWithin_ServicesStoppingInTime_EndsSilently() =>
        Assert.Equal("", await RunAndStop(slowServices: 0));

    [Fact]
    public void AddShutdown_HostingShutdownSeconds_IsTheHostsShutdownTimeout()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Hosting:ShutdownSeconds"] = "7" }).Build();
        using var services = new ServiceCollection().AddShutdown(configuration).BuildServiceProvider();

        Assert.Equal(TimeSpan.FromSeconds(7), services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    /// <summary>Runs an app with a 200 ms stop budget until started, stops it, and returns what the run wrote to standard error.</summary>
    private static async Task<string> RunAndStop(int slowServices)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromMilliseconds(200));
        for (var i = 0; i < slowServices; i++)
        {
            builder.Services.AddSingleton<IHostedService, StopsOnlyWhenCancelled>();
        }

        await using var app = builder.Build();
        var started = new TaskCompletionSource();
        app.Lifetime.ApplicationStarted.Register(() => started.SetResult());
        using var error = new StringWriter();

        var run = ShutdownBudget.RunWithin(app, error);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        app.Lifetime.StopApplication();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
        return error.ToString();
    }

    private sealed class StopsOnlyWhenCancelled : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
