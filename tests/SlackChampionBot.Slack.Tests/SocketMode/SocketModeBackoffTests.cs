using SlackChampionBot.Slack.SocketMode;

namespace SlackChampionBot.Slack.Tests.SocketMode;

public sealed class SocketModeBackoffTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(5, 32)]
    [InlineData(6, 60)]
    [InlineData(40, 60)]
    public void Delay_NoJitter_DoublesUpToCap(int failures, int expectedSeconds)
    {
        // random 0.5 is the middle of the ±20 % jitter band, i.e. the nominal delay.
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), SocketModeBackoff.Delay(failures, Initial, Max, 0.5));
    }

    [Fact]
    public void Delay_Jitter_StaysWithinTwentyPercentAndUnderCap()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(3200), SocketModeBackoff.Delay(2, Initial, Max, 0));
        Assert.Equal(TimeSpan.FromMilliseconds(4800), SocketModeBackoff.Delay(2, Initial, Max, 1));
        Assert.Equal(TimeSpan.FromSeconds(48), SocketModeBackoff.Delay(10, Initial, Max, 0));
        Assert.Equal(Max, SocketModeBackoff.Delay(10, Initial, Max, 1));
    }
}
