using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SlackChampionBot.Tests.Support;
using SlackChampionBot.TestSupport;

namespace SlackChampionBot.Tests.Hosting;

/// <summary>The lines a feature logs once at start-up about a setting that is allowed but probably not meant.</summary>
public sealed class StartupNoticesTests
{
    private const int NoManagers = 5004;
    private const int NoAnnounceChannel = 5005;
    private const int ResponseSaltNotNeeded = 2521;

    [Fact]
    public async Task HostStart_NoManagersNoAnnounceChannelAndAnOldSalt_EachIsLoggedOnce()
    {
        var logs = new LogCapture();
        await using var bot = await BotHarness.Start(
            new Dictionary<string, string?>
            {
                ["Pulse:ResponseSalt"] = "an-old-salt-of-at-least-thirty-two-characters",
                ["Logging:LogLevel:Default"] = "Information", // the salt's line is Information
            },
            services: s => s.AddSingleton<ILoggerProvider>(logs));

        Assert.Equal(1, logs.Entries.Count(e => e.EventId.Id == NoManagers && e.Level == LogLevel.Warning));
        Assert.Equal(1, logs.Entries.Count(e => e.EventId.Id == NoAnnounceChannel && e.Level == LogLevel.Warning));
        Assert.Equal(1, logs.Entries.Count(e => e.EventId.Id == ResponseSaltNotNeeded));
    }

    [Fact]
    public async Task HostStart_ManagersAndAnnounceChannelSet_NothingToSay()
    {
        var logs = new LogCapture();
        await using var bot = await BotHarness.Start(
            new Dictionary<string, string?> { ["Champions:Managers:0"] = "U0MANAGER", ["Champions:AnnounceChannel"] = "C0ANNOUNCE" },
            services: s => s.AddSingleton<ILoggerProvider>(logs));

        Assert.DoesNotContain(logs.Entries, e => e.EventId.Id is NoManagers or NoAnnounceChannel or ResponseSaltNotNeeded);
    }
}
