using SlackChampionBot.Sandbox;
using SlackChampionBot.TestSupport;
using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using SlackChampionBot.Hosting;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Hosting;

/// <summary>What the host logs with its default settings: useful lines, not one per Slack call or per probe.</summary>
public sealed class LoggingDefaultsTests
{
    /// <summary>The product's default level (the test settings lower it to Warning), plus the readiness log's Debug.</summary>
    private static readonly Dictionary<string, string?> ProductLevels = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:SlackChampionBot.Hosting"] = "Debug",
    };

    [Fact]
    public async Task SlackCalls_DefaultSettings_WriteNoHttpClientRequestLines()
    {
        var logs = new LogCapture();
        await using var bot = await BotHarness.Start(ProductLevels, services: s => s.AddSingleton<ILoggerProvider>(logs));

        Assert.NotEmpty(bot.Slack.Calls("auth.test"));
        Assert.Contains(logs.Entries, r => r.Level == LogLevel.Information && r.EventId.Id == 1000); // Information lines do reach the capture
        Assert.DoesNotContain(logs.Entries, r => r.Category.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Readyz_NotReadyDuringStartUp_IsLoggedAtDebugNotError()
    {
        using var temp = new TempDirectory();
        var settings = TestSettings.Valid(temp.File("bot.db")); // Slack unreachable: /readyz stays 503
        foreach (var (key, value) in ProductLevels)
        {
            settings[key] = value;
        }

        var logs = new LogCapture();
        await using var factory = new BotFactory(settings, web => web.ConfigureTestServices(s => s.AddSingleton<ILoggerProvider>(logs)));
        var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/readyz")).StatusCode);

        var readiness = logs.Entries.Where(r => r.Category == typeof(ReadinessReporter).FullName).ToList();
        Assert.Equal(2, readiness.Count(r => r.Level == LogLevel.Debug && r.EventId.Id == 1600 && r.Message.Contains("slack:", StringComparison.Ordinal)));
        Assert.DoesNotContain(logs.Entries, r => r.Category.StartsWith("Microsoft.Extensions.Diagnostics.HealthChecks", StringComparison.Ordinal));
        Assert.DoesNotContain(readiness, r => r.Level >= LogLevel.Warning);
    }

    [Fact]
    public void Record_ReadyThenNotReadyThenReady_LogsEachChangeOnce()
    {
        var logs = new LogCapture();
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        var log = new ReadinessReporter(factory.CreateLogger<ReadinessReporter>());

        log.Record(Report(HealthStatus.Unhealthy, "Socket Mode not connected yet"));
        log.Record(Report(HealthStatus.Healthy, "connected"));
        log.Record(Report(HealthStatus.Healthy, "connected"));
        log.Record(Report(HealthStatus.Unhealthy, "cannot reach Slack's Web API"));
        log.Record(Report(HealthStatus.Unhealthy, "cannot reach Slack's Web API"));
        log.Record(Report(HealthStatus.Healthy, "connected"));

        Assert.Equal(
            [(LogLevel.Debug, 1600), (LogLevel.Information, 1601), (LogLevel.Warning, 1602), (LogLevel.Information, 1603)],
            logs.Entries.Select(r => (r.Level, r.EventId.Id)));
        Assert.Contains("slack: cannot reach Slack's Web API", logs.Entries[2].Message, StringComparison.Ordinal);
    }

    private static HealthReport Report(HealthStatus status, string description) =>
        new(new Dictionary<string, HealthReportEntry> { ["slack"] = new(status, description, TimeSpan.Zero, null, null) }, TimeSpan.Zero);
}
