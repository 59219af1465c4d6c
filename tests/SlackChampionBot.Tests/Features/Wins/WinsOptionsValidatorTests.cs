using SlackChampionBot.Features.Wins;

namespace SlackChampionBot.Tests.Features.Wins;

public sealed class WinsOptionsValidatorTests
{
    private static string? Problem(WinsOptions options) => new WinsOptionsValidator().Validate(null, options).FailureMessage;

    [Fact]
    public void Validate_Defaults_Succeed() => Assert.Null(Problem(new WinsOptions { Channels = ["C0123ABC"] }));

    [Theory]
    [InlineData("Wins:Channels:0", "#wins")]
    [InlineData("Wins:Tags", "win")]
    [InlineData("Wins:StageTags", "Refunds")]
    [InlineData("Wins:CheerEmoji", "gold star")]
    public void Validate_BadSetting_NamesTheKeyInOneLine(string key, string value)
    {
        var options = new WinsOptions { Channels = ["C0123ABC"] };
        switch (key)
        {
            case "Wins:Channels:0": options.Channels = [value]; break;
            case "Wins:Tags": options.Tags = [value]; break;
            case "Wins:StageTags": options.StageTags = new() { ["refund"] = value }; break;
            case "Wins:CheerEmoji": options.CheerEmoji = value; break;
        }

        var problem = Problem(options);

        Assert.NotNull(problem);
        Assert.StartsWith($"{key} is malformed", problem);
        Assert.DoesNotContain('\n', problem);
    }
}
