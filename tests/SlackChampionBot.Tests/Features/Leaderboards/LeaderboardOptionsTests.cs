using SlackChampionBot.Features.Leaderboards;

namespace SlackChampionBot.Tests.Features.Leaderboards;

public sealed class LeaderboardOptionsTests
{
    [Fact]
    public void Validate_Defaults_AreValidAndMeanFridayFourPmTopTenOneDayCatchUp()
    {
        var options = new LeaderboardOptions();

        Assert.True(new LeaderboardOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(("0 16 * * FRI", 10, 24, false), (options.WeeklyPostCron, options.TopN, options.CatchUpWindowHours, options.ChannelConfigured));
    }

    [Theory]
    [InlineData("WeeklyPostCron", "every friday", "Leaderboards:WeeklyPostCron is malformed")]
    [InlineData("WeeklyPostCron", "", "Leaderboards:WeeklyPostCron is missing")]
    [InlineData("TopN", "0", "Leaderboards:TopN is malformed")]
    [InlineData("TopN", "26", "Leaderboards:TopN is malformed")]
    [InlineData("CatchUpWindowHours", "-1", "Leaderboards:CatchUpWindowHours is malformed")]
    [InlineData("Channel", "#leader board", "Leaderboards:Channel is malformed")]
    public void Validate_BadSetting_FailsWithOneLineNamingTheKey(string key, string value, string expected)
    {
        var options = new LeaderboardOptions();
        switch (key)
        {
            case "WeeklyPostCron": options.WeeklyPostCron = value; break;
            case "TopN": options.TopN = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "CatchUpWindowHours": options.CatchUpWindowHours = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            default: options.Channel = value; break;
        }

        var result = new LeaderboardOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.StartsWith(expected, result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', result.FailureMessage);
    }
}
