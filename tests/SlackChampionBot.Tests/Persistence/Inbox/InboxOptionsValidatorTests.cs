using SlackChampionBot.Persistence.Inbox;

namespace SlackChampionBot.Tests.Persistence.Inbox;

public sealed class InboxOptionsValidatorTests
{
    [Theory]
    [InlineData(InboxOptions.MinClaimLeaseSeconds)]
    [InlineData(600)]
    [InlineData(InboxOptions.MaxClaimLeaseSeconds)]
    public void Validate_ClaimLeaseInRange_Succeeds(int seconds) =>
        Assert.True(new InboxOptionsValidator().Validate(null, new InboxOptions { ClaimLeaseSeconds = seconds }).Succeeded);

    [Theory]
    [InlineData(InboxOptions.MinClaimLeaseSeconds - 1)]
    [InlineData(-5)]
    [InlineData(InboxOptions.MaxClaimLeaseSeconds + 1)]
    public void Validate_ClaimLeaseOutOfRange_FailsNamingTheKeyAndTheRange(int seconds)
    {
        var result = new InboxOptionsValidator().Validate(null, new InboxOptions { ClaimLeaseSeconds = seconds });

        Assert.True(result.Failed);
        Assert.Contains("Inbox:ClaimLeaseSeconds", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("INBOX__CLAIMLEASESECONDS", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("from 5 to 86400", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_AreValid() => Assert.True(new InboxOptionsValidator().Validate(null, new InboxOptions()).Succeeded);
}
