using SlackChampionBot.Features.Pulse;

namespace SlackChampionBot.Tests.Features.Pulse;

public sealed class PulseOptionsValidatorTests
{
    private static PulseOptions Enabled() => new() { Audience = "C0AUDIENCE", ResponseSalt = "a-test-salt-that-is-long-enough", Hr = ["UHR0001"] };

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

    [Fact]
    public void Validate_AudienceWithoutSalt_FailsNamingResponseSalt()
    {
        var options = Enabled();
        options.ResponseSalt = null;
        Assert.StartsWith("Pulse:ResponseSalt is missing", new PulseOptionsValidator().Validate(null, options).FailureMessage, StringComparison.Ordinal);
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
