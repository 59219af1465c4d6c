using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SlackChampionBot.Sandbox;
using SlackChampionBot.TestSupport;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Hosting;

/// <summary>The log names the transport the bot really uses, at start and at shutdown.</summary>
public sealed class TransportLogTests
{
    private const int SocketModeClientStopped = 2312;
    private const int SocketModeOff = 2314;

    private static readonly Dictionary<string, string?> InformationLogs = new() { ["Logging:LogLevel:SlackChampionBot"] = "Information" };

    [Fact]
    public async Task Shutdown_HttpMode_SaysNothingAboutASocketModeClient()
    {
        var logs = new LogCapture();
        var bot = await BotHarness.Start(InformationLogs, services: s => s.AddSingleton<ILoggerProvider>(logs));

        await bot.DisposeAsync();

        Assert.Contains(logs.Entries, e => e.EventId.Id == SocketModeOff);
        Assert.DoesNotContain(logs.Entries, e => e.EventId.Id == SocketModeClientStopped);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("Socket Mode client", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Shutdown_SocketMode_SaysTheClientStopped()
    {
        var logs = new LogCapture();
        var bot = await BotHarness.StartSocketMode(new Dictionary<string, string?>(InformationLogs) { ["Slack:SocketModeConnections"] = "1" }, services: s => s.AddSingleton<ILoggerProvider>(logs));

        await bot.DisposeAsync();

        Assert.Contains(logs.Entries, e => e.EventId.Id == SocketModeClientStopped);
        Assert.DoesNotContain(logs.Entries, e => e.EventId.Id == SocketModeOff);
    }
}
