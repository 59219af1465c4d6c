using SlackChampionBot.Hosting;

namespace SlackChampionBot.Tests.Hosting;

public sealed class HostingOptionsValidatorTests
{
    private static string? Problem(int shutdownSeconds)
    {
        var result = new HostingOptionsValidator().Validate(null, new HostingOptions { ShutdownSeconds = shutdownSeconds });
        return result.Failed ? result.Failures!.First() : null;
    }

    [Fact]
    public void Defaults_ShutdownSeconds_IsFive() => Assert.Equal(5, new HostingOptions().ShutdownSeconds);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(301)]
    public void Validate_ShutdownSecondsOutOfRange_NamesTheKeyAndTheRange(int seconds) =>
        Assert.Equal("Hosting:ShutdownSeconds is malformed: use a whole number of seconds from 1 to 300, how long a stop may take (default 5) (set HOSTING__SHUTDOWNSECONDS)", Problem(seconds));

    [Theory]
    [InlineData(1)]
    [InlineData(300)]
    public void Validate_ShutdownSecondsInRange_Succeeds(int seconds) => Assert.Null(Problem(seconds));
}
