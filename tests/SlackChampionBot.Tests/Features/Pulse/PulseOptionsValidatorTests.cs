using SlackChampionBot.Features.Pulse;

namespace SlackChampionBot.Tests.Features.Pulse;

public sealed class PulseOptionsValidatorTests
{
    private static PulseOptions Enabled() => new() { Audience = "C0AUDIENCE", Hr = ["UHR0001"] };

    [Fact]
    public void Validate_NoPulseSection_SucceedsWithThePulseOff()
    {
        var options = new PulseOptions();
        Assert.True(new PulseOptionsValidator().Validate(null, options).Succeeded);
        Assert.False(options.Enabled);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0)]
    public void Validate_ThresholdBelowThree_FailsNamingTheKey(int threshold)
    {
        var result = new PulseOptionsValidator().Validate(null, new PulseOptions { AnonymityThreshold = threshold });
        Assert.True(result.Failed);
        Assert.StartsWith("Pulse:AnonymityThreshold is malformed: use 3 or more", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("short")]
    [InlineData("an-old-configuration-salt-0123456789")]
    public void Validate_ResponseSaltSetOrNot_Succeeds(string? salt)
    {
        // Each survey has its own salt now; an old configuration that still sets one must start.
        var options = Enabled();
        options.ResponseSalt = salt;
        Assert.True(new PulseOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_NegativeCloseUpdatesPerMinute_FailsNamingTheKey()
    {
        var options = Enabled();
        options.CloseUpdatesPerMinute = -1;
        Assert.StartsWith("Pulse:CloseUpdatesPerMinute is malformed", new PulseOptionsValidator().Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AudienceWithoutHr_FailsNamingHrGroup()
    {
        var options = Enabled();
        options.Hr = [];
        Assert.StartsWith("Pulse:HrGroup is missing", new PulseOptionsValidator().Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(6)]
    public void Validate_WrongNumberOfQuestions_Fails(int count)
    {
        var options = Enabled();
        options.Questions = [.. Enumerable.Range(1, count).Select(i => $"Statement {i}")];
        Assert.StartsWith("Pulse:Questions is malformed", new PulseOptionsValidator().Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EnabledWithDefaults_Succeeds()
    {
        var options = Enabled();
        Assert.True(new PulseOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(4, options.EffectiveQuestions.Count);
        Assert.True(options.IsChannelAudience);
    }
}
