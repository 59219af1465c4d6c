using SlackChampionBot.Features.Stars;

namespace SlackChampionBot.Tests.Features.Stars;

public sealed class FairPlayTests
{
    [Theory]
    [InlineData("America/Los_Angeles", "2026-03-11T06:00:00Z", "2026-03-10T07:00:00Z", "2026-03-11T07:00:00Z")]
    [InlineData("Asia/Tokyo", "2026-03-11T06:00:00Z", "2026-03-10T15:00:00Z", "2026-03-11T15:00:00Z")]
    [InlineData("America/Los_Angeles", "2026-03-08T12:00:00Z", "2026-03-08T08:00:00Z", "2026-03-09T07:00:00Z")] // the 23-hour DST day
    public void LocalDay_GiversZone_RunsFromTheirMidnightToTheNext(string zone, string now, string start, string next)
    {
        var (s, n) = FairPlay.LocalDay(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), TimeZoneInfo.FindSystemTimeZoneById(zone));

        Assert.Equal(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), s);
        Assert.Equal(DateTimeOffset.Parse(next, System.Globalization.CultureInfo.InvariantCulture), n);
    }
}
