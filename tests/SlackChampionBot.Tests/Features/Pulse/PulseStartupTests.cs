using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Features.Pulse;

/// <summary>The real binary refuses an anonymity threshold below 3 with one line.</summary>
public sealed class PulseStartupTests
{
    [Fact]
    public async Task Run_AnonymityThresholdTwo_ExitsTwoWithOneLineNamingTheKey()
    {
        using var temp = new TempDirectory();
        await using var bot = HostProcess.Start(
            new Dictionary<string, string?>
            {
                ["SLACK__BOTTOKEN"] = TestSettings.BotToken,
                ["SLACK__APPLEVELTOKEN"] = TestSettings.AppLevelToken,
                ["SLACK__APIBASEURL"] = TestSettings.UnreachableApiBaseUrl,
                ["PULSE__ANONYMITYTHRESHOLD"] = "2",
            },
            temp.Path);

        Assert.Equal(2, await bot.WaitForExit(TimeSpan.FromSeconds(60)));
        var line = Assert.Single(bot.StandardError.Trim().Split('\n'));
        Assert.StartsWith("Pulse:AnonymityThreshold is malformed: use 3 or more", line, StringComparison.Ordinal);
    }
}
