using SlackChampionBot.Persistence.Inbox;

namespace SlackChampionBot.Tests.Persistence.Inbox;

public sealed class InboxOptionsValidatorTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(InboxOptions.MaxClaimLeaseMinutes)]
    public void Validate_ClaimLeaseInRange_Succeeds(int minutes) =>
        Assert.True(new InboxOptionsValidator().Validate(null, new InboxOptions { ClaimLeaseMinutes = minutes }).Succeeded);

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(InboxOptions.MaxClaimLeaseMinutes + 1)]
    public void Validate_ClaimLeaseOutOfRange_FailsNamingTheKeyAndTheRange(int minutes)
    {
        var result = new InboxOptionsValidator().Validate(null, new InboxOptions { ClaimLeaseMinutes = minutes });

        Assert.True(result.Failed);
        Assert.Contains("Inbox:ClaimLeaseMinutes", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("INBOX__CLAIMLEASEMINUTES", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("from 1 to 1440", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_AreValid() => Assert.True(new InboxOptionsValidator().Validate(null, new InboxOptions()).Succeeded);
}
